using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The object store over one table. The partition is the tenant; an object is a primary row plus one index row per
/// index entry, each a full copy, so that listing through an index is one range query. A commit is one entity-group
/// transaction that also moves the partition's sequence row and adds a change-log row (<see cref="TableChangeLog"/>),
/// so the log and the objects never disagree. An object's version is the position of its last change (<c>V</c> on
/// each of its rows); what a later conditional write needs is in <see cref="StoredObject.StoreTag"/> (<see cref="RowTags"/>).
/// </summary>
/// <remarks>
/// Commits of one partition take turns in this process: each needs the sequence row's current ETag, so two at once
/// would only make one of them fail and retry. A commit that loses the race to another process reads the row again.
/// </remarks>
internal sealed partial class TableObjectStore : IObjectStore
{
    /// <summary>Tries of a commit while other processes keep moving the partition's sequence row.</summary>
    private const int MaxSequenceAttempts = 10;

    private static readonly IReadOnlyList<string> SequenceColumns = ["RowKey", TableChangeLog.SequenceProperty];
    private static readonly IReadOnlyList<string> HorizonColumns = ["RowKey", TableChangeLog.CompactedProperty];
    private static readonly IReadOnlyList<string> LogColumns = ["RowKey", TableChangeLog.FirstProperty, .. ObjectPayload.ChunkColumns];
    private static readonly IReadOnlyList<string> CompactionColumns = ["RowKey", TableChangeLog.AtProperty];

    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ILogger<TableObjectStore> _logger;
    private readonly ConcurrentDictionary<string, PartitionSequence> _sequences = new(StringComparer.Ordinal);

    public TableObjectStore(TableServiceClient client, IOptions<StorageOptions> options, TimeProvider time, ILogger<TableObjectStore> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _table = client.GetTableClient(TableNames.Objects(options.Value.TablePrefix));
        _time = time;
        _logger = logger;
    }

    /// <summary>Azure's 100 operations a transaction, less the sequence and log rows.</summary>
    public int MaxCommitCost => TableLimits.MaxOperationsPerTransaction - CommitPlan.LogRows;

    /// <summary>The rows an operation writes or removes: the object's, one per index entry, and one per entry it loses.</summary>
    public int CommitCost(StoreOperation operation) => operation switch
    {
        StoreOperation.Create c => 1 + OperationPlan.Distinct(c.Indexes).Count,
        StoreOperation.Update u => 1 + OperationPlan.Distinct(u.Indexes).Union(OperationPlan.Distinct(u.Previous.Indexes)).Count(),
        StoreOperation.Delete d => 1 + OperationPlan.Distinct(d.Previous.Indexes).Count,
        _ => throw new ArgumentException($"Unknown operation {operation?.GetType().Name}.", nameof(operation)),
    };

    public async Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.Tenant);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(
            ObjectRowKeys.PartitionKey(key.Tenant),
            ObjectRowKeys.Primary(key),
            ObjectPayload.Columns,
            cancellationToken);
        return response.HasValue ? ReadObject(key, response.Value!, readThrough: null) : null;
    }

    public async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
    {
        var plan = CommitPlan.Build(tenant, operations);
        if (plan.Operations.Count == 0)
        {
            return [];
        }

        var sequence = _sequences.GetOrAdd(ObjectRowKeys.PartitionKey(tenant), key => new PartitionSequence(key));
        await sequence.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (!sequence.Known)
                {
                    await ReadSequenceAsync(sequence, cancellationToken);
                }

                var first = sequence.Position + 1;
                var actions = plan.Actions(SequenceAction(sequence, first + plan.Operations.Count - 1), first, _time.GetUtcNow());
                Response<IReadOnlyList<Response>> response;
                try
                {
                    response = await _table.SubmitTransactionAsync(actions, cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status is 409 or 412 && attempt < MaxSequenceAttempts)
                {
                    // Another process committed to this partition since the sequence row was read.
                    sequence.Forget();
                    continue;
                }
                catch (TableTransactionFailedException ex) when (Translate(ex, plan) is { } failure)
                {
                    throw failure;
                }
                catch (RequestFailedException ex) when (ex.Status == 413)
                {
                    throw new StoreException(StoreFailure.TooLarge, null, $"Azure refused the commit as too large: {ex.ErrorCode}.");
                }

                var last = first + plan.Operations.Count - 1;
                sequence.Moved(last, response.Value[0].Headers.ETag ?? throw new InvalidOperationException("The sequence row's response carries no ETag."));
                LogCommitted(_logger, tenant, plan.Operations.Count, actions.Count);
                return Results(plan, first, response.Value);
            }
        }
        catch
        {
            // Whatever failed, the next commit reads the sequence row again rather than trust what this one assumed.
            sequence.Forget();
            throw;
        }
        finally
        {
            sequence.Gate.Release();
        }
    }

    public async Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(query.Resource);
        if (query.Limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "A list limit must be positive.");
        }

        if (query.Index is { } index && string.IsNullOrEmpty(index.Index))
        {
            throw new ArgumentException("A list through an index needs the index name.", nameof(query));
        }

        var prefix = query.Index is null
            ? ObjectRowKeys.PrimaryPrefix(query.Resource, query.Namespace)
            : ObjectRowKeys.IndexPrefix(query.Index, query.Resource, query.Namespace);
        var partitionKey = ObjectRowKeys.PartitionKey(query.Tenant);
        var upper = TableKey.UpperBound(prefix);
        var filter = query.Continue is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {ContinueTokens.Decode(query.Continue, prefix)} and RowKey lt {upper}");

        // One row beyond the limit tells whether another page exists without returning an empty last page.
        var wanted = query.Limit is { } limit ? limit + 1 : int.MaxValue;
        var items = new List<StoredObject>();
        var lastRowKeys = new List<string>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, Math.Min(wanted, 1000), ObjectPayload.Columns, cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                if (!ObjectRowKeys.TryParse(query.Tenant, row.RowKey, out var key, out var readThrough))
                {
                    throw new InvalidDataException($"Row '{row.RowKey}' of tenant '{query.Tenant}' is not an object row.");
                }

                items.Add(ReadObject(key, row, readThrough));
                lastRowKeys.Add(row.RowKey);
                if (items.Count == wanted)
                {
                    break;
                }
            }

            if (items.Count == wanted)
            {
                break;
            }
        }

        if (query.Limit is { } pageSize && items.Count > pageSize)
        {
            items.RemoveAt(pageSize);
            return new ObjectPage(items, ContinueTokens.Encode(lastRowKeys[pageSize - 1]));
        }

        return new ObjectPage(items, null);
    }

    public async Task<string> GetPositionAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var (position, _) = await ReadRowAsync(tenant, TableChangeLog.SequenceRow, SequenceColumns, TableChangeLog.SequenceProperty, cancellationToken);
        return TableChangeLog.Format(position);
    }

    public async Task<ChangePage> ReadChangesAsync(string tenant, string after, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            throw Expired(tenant, after, "it is not a position of this store");
        }

        // The head first: every change up to it is committed, log row included, so reading up to it leaves no gap.
        var (head, _) = await ReadRowAsync(tenant, TableChangeLog.SequenceRow, SequenceColumns, TableChangeLog.SequenceProperty, cancellationToken);
        if (from > head)
        {
            throw Expired(tenant, after, $"the newest position is {head}");
        }

        var (horizon, _) = await ReadRowAsync(tenant, TableChangeLog.HorizonRow, HorizonColumns, TableChangeLog.CompactedProperty, cancellationToken);
        if (from < horizon)
        {
            throw Expired(tenant, after, $"changes up to {horizon} were compacted");
        }

        var partitionKey = ObjectRowKeys.PartitionKey(tenant);
        var start = TableChangeLog.EntryRow(from);
        var end = TableChangeLog.EntryRow(head);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {start} and RowKey le {end}");
        var changes = new List<StoreChange>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, 100, LogColumns, cancellationToken))
        {
            // A row ends after the position asked for but may begin before it.
            changes.AddRange(TableChangeLog.Decode(tenant, row).Where(c => long.Parse(c.Object.ResourceVersion, CultureInfo.InvariantCulture) > from));
            if (changes.Count > limit)
            {
                break;
            }
        }

        if (changes.Count > limit)
        {
            changes.RemoveRange(limit, changes.Count - limit);
            return new ChangePage(changes, changes[^1].Object.ResourceVersion, HasMore: true);
        }

        return new ChangePage(changes, TableChangeLog.Format(head), HasMore: false);
    }

    public async Task<int> CompactAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var partitionKey = ObjectRowKeys.PartitionKey(tenant);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {TableChangeLog.EntryRowsStart} and RowKey lt {TableChangeLog.EntryRowsEnd}");
        var rows = new List<(string RowKey, long Last, DateTimeOffset At)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, 1000, CompactionColumns, cancellationToken))
        {
            if (TableChangeLog.TryParseEntryRow(row.RowKey, out var last))
            {
                rows.Add((row.RowKey, last, row.GetDateTimeOffset(TableChangeLog.AtProperty) ?? DateTimeOffset.MinValue));
            }
        }

        // Rows come in position order; the removed ones must be a prefix, or a reader could step over a hole.
        var through = rows.Where(r => r.At < before).Select(r => (long?)r.Last).Max();
        if (through is null)
        {
            return 0;
        }

        // The horizon moves first: a reader that finds a row missing then also finds the horizon past it.
        var (horizon, _) = await ReadRowAsync(tenant, TableChangeLog.HorizonRow, HorizonColumns, TableChangeLog.CompactedProperty, cancellationToken);
        if (through > horizon)
        {
            var entity = new TableEntity(partitionKey, TableChangeLog.HorizonRow) { [TableChangeLog.CompactedProperty] = through.Value };
            await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }

        var removed = rows.Where(r => r.Last <= through).ToList();
        foreach (var batch in removed.Chunk(TableLimits.MaxOperationsPerTransaction))
        {
            await _table.SubmitTransactionAsync(
                batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, r.RowKey), ETag.All)),
                cancellationToken);
        }

        return removed.Count;
    }

    private static StoredObject ReadObject(ObjectKey key, TableEntity row, IndexEntry? readThrough)
    {
        var version = TableChangeLog.Format(row.GetInt64(ObjectPayload.VersionProperty) ?? throw new InvalidDataException($"Row '{row.RowKey}' has no version."));
        return new(key, ObjectPayload.Decompress(row), version, ObjectPayload.DecodeIndexes(row.GetString(ObjectPayload.IndexesProperty)))
        {
            StoreTag = RowTags.Encode(row.ETag, version, readThrough),
        };
    }

    private static TableTransactionAction SequenceAction(PartitionSequence sequence, long last)
    {
        var entity = new TableEntity(sequence.PartitionKey, TableChangeLog.SequenceRow) { [TableChangeLog.SequenceProperty] = last };
        return sequence.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    private async Task ReadSequenceAsync(PartitionSequence sequence, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(sequence.PartitionKey, TableChangeLog.SequenceRow, SequenceColumns, cancellationToken);
        if (response.HasValue)
        {
            sequence.Moved(response.Value!.GetInt64(TableChangeLog.SequenceProperty) ?? 0, response.Value.ETag);
        }
        else
        {
            sequence.Fresh();
        }
    }

    private async Task<(long Value, ETag? ETag)> ReadRowAsync(string tenant, string rowKey, IReadOnlyList<string> columns, string property, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(ObjectRowKeys.PartitionKey(tenant), rowKey, columns, cancellationToken);
        return response.HasValue ? (response.Value!.GetInt64(property) ?? 0, response.Value.ETag) : (0, null);
    }

    private static StoreException? Translate(TableTransactionFailedException ex, CommitPlan plan)
    {
        if (ex.Status == 413)
        {
            return new StoreException(StoreFailure.TooLarge, null, $"Azure refused the commit as too large: {ex.ErrorCode}.");
        }

        // The sequence and log rows come first; the objects' rows follow in plan order.
        var index = ex.FailedTransactionActionIndex - CommitPlan.LogRows;
        if (index is not { } rowIndex || rowIndex < 0 || rowIndex >= plan.Rows.Count)
        {
            return null;
        }

        var row = plan.Rows[rowIndex];
        var operation = plan.Operations[row.Operation].Operation;
        var key = operation.Key;
        return (ex.Status, row.IsPrimary, operation) switch
        {
            (409, true, StoreOperation.Create) => new StoreException(StoreFailure.AlreadyExists, key, $"{key.Describe()} already exists."),
            (412, _, _) => new StoreException(StoreFailure.Conflict, key, $"{key.Describe()} was modified: the version it was based on is no longer the current one."),
            (404, true, _) => new StoreException(StoreFailure.NotFound, key, $"{key.Describe()} does not exist."),
            (404, false, _) => new StoreException(StoreFailure.Conflict, key, $"{key.Describe()} was modified: the index entries it was based on are not the stored ones."),
            (400, _, _) when ex.ErrorCode is "EntityTooLarge" or "PropertyValueTooLarge" or "KeyValueTooLarge" or "TooManyProperties" =>
                new StoreException(StoreFailure.TooLarge, key, $"Azure refused {key.Describe()}: {ex.ErrorCode}."),
            _ => null,
        };
    }

    private static List<StoredObject?> Results(CommitPlan plan, long first, IReadOnlyList<Response> responses)
    {
        var tags = new ETag?[plan.Operations.Count];
        for (var i = 0; i < plan.Rows.Count; i++)
        {
            if (plan.Rows[i].IsPrimary && plan.Rows[i].Properties is not null)
            {
                tags[plan.Rows[i].Operation] = responses[i + CommitPlan.LogRows].Headers.ETag
                    ?? throw new InvalidOperationException($"The transaction response for row {i} carries no ETag.");
            }
        }

        var results = new List<StoredObject?>(plan.Operations.Count);
        for (var i = 0; i < plan.Operations.Count; i++)
        {
            var (operation, indexes) = plan.Operations[i];
            results.Add(operation switch
            {
                StoreOperation.Create create => Stored(create.Key, create.Json, first + i, indexes!, tags[i]!.Value),
                StoreOperation.Update update => Stored(update.Key, update.Json, first + i, indexes!, tags[i]!.Value),
                _ => null,
            });
        }

        return results;
    }

    private static StoredObject Stored(ObjectKey key, byte[] json, long position, IReadOnlyList<IndexEntry> indexes, ETag etag)
    {
        var version = TableChangeLog.Format(position);
        return new(key, json, version, indexes) { StoreTag = RowTags.Encode(etag, version) };
    }

    private static StoreException Expired(string tenant, string position, string reason) =>
        new(StoreFailure.Expired, null, $"The change log of tenant '{tenant}' cannot be read after position '{position}': {reason}.");

    /// <summary>What this process last knew of a partition's sequence row, and the turn its commits take.</summary>
    private sealed class PartitionSequence(string partitionKey)
    {
        public string PartitionKey { get; } = partitionKey;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Known { get; private set; }

        public long Position { get; private set; }

        /// <summary>The row's ETag; null when the row does not exist yet (the next commit adds it).</summary>
        public ETag? ETag { get; private set; }

        public void Moved(long position, ETag etag)
        {
            Position = position;
            ETag = etag;
            Known = true;
        }

        public void Fresh()
        {
            Position = 0;
            ETag = null;
            Known = true;
        }

        public void Forget() => Known = false;
    }
}
