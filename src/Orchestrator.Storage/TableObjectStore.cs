using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.AzureSdk;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The object store over one table. A tenant's objects are spread over partitions (<see cref="TablePlacement"/>); an
/// object is a primary row plus one index row per index entry in its own partition, each a full copy, so that listing
/// through an index is one range query per partition, run in parallel. A commit is one entity-group transaction in one
/// partition that also moves the partition's sequence row and adds a change-log row (<see cref="TableChangeLog"/>),
/// so the log and the objects never disagree. An object's version is the position of its last change in its partition
/// (<c>V</c> on each of its rows); a tenant position is one per partition (<see cref="TenantPosition"/>); what a later
/// conditional write needs is in <see cref="StoredObject.StoreTag"/> (<see cref="RowTags"/>).
/// </summary>
/// <remarks>
/// Commits of one partition take turns in this process: each needs the sequence row's current ETag, so two at once
/// would only make one of them fail and retry. A commit that loses the race to another process reads the row again.
/// </remarks>
internal sealed partial class TableObjectStore : IObjectStore
{
    /// <summary>The <c>table</c> of this store's entity counts (<see cref="AzureRequestCounting.TableEntities"/>).</summary>
    private const string EntitiesTable = "objects";

    /// <summary>Tries of a commit while other processes keep moving the partition's sequence row.</summary>
    private const int MaxSequenceAttempts = 10;

    private static readonly IReadOnlyList<string> SequenceColumns = ["RowKey", TableChangeLog.SequenceProperty];
    private static readonly IReadOnlyList<string> HorizonColumns = ["RowKey", TableChangeLog.CompactedProperty];
    private static readonly IReadOnlyList<string> LogColumns = ["RowKey", TableChangeLog.FirstProperty, TableChangeLog.AtProperty, .. ObjectPayload.ChunkColumns];
    private static readonly IReadOnlyList<string> CompactionColumns = ["RowKey", TableChangeLog.AtProperty];

    private readonly TableClient _table;
    private readonly TablePlacement _placement;
    private readonly TimeProvider _time;
    private readonly ILogger<TableObjectStore> _logger;
    private readonly ConcurrentDictionary<string, PartitionSequence> _sequences = new(StringComparer.Ordinal);

    public TableObjectStore(TableServiceClient client, IOptions<StorageOptions> options, TimeProvider time, ILogger<TableObjectStore> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _table = client.GetTableClient(TableNames.Objects(options.Value.TablePrefix));
        _placement = new TablePlacement(options.Value.ObjectBucketCount);
        _time = time;
        _logger = logger;
    }

    public string CommitGroup(ObjectKey key) => _placement.Group(key);

    public IReadOnlyList<string> CommitGroups(string resource) => _placement.Groups(resource);

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
            TablePlacement.PartitionKey(key.Tenant, _placement.Group(key)),
            ObjectRowKeys.Primary(key),
            ObjectPayload.Columns,
            cancellationToken);
        return response.HasValue ? ReadObject(key, response.Value!, readThrough: null) : null;
    }

    public async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
    {
        var planned = OperationPlan.Build(tenant, operations);
        if (planned.Count == 0)
        {
            return [];
        }

        var group = _placement.Group(planned[0].Operation.Key);
        if (planned.Find(p => _placement.Group(p.Operation.Key) != group) is { } other)
        {
            throw new ArgumentException(
                $"{other.Operation.Key.Describe()} is in commit group '{_placement.Group(other.Operation.Key)}', {planned[0].Operation.Key.Describe()} in '{group}': a transaction spans one partition.",
                nameof(operations));
        }

        var plan = CommitPlan.Build(TablePlacement.PartitionKey(tenant, group), planned);
        var sequence = _sequences.GetOrAdd(plan.PartitionKey, key => new PartitionSequence(key));
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
                AzureRequestCounting.CountEntities(EntitiesTable, group, actions.Count);
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
        var after = query.Continue is null ? null : ContinueTokens.Decode(query.Continue, prefix);

        // One row beyond the limit tells whether another page exists without returning an empty last page. Every
        // partition is asked for as many; the page is the first rows of their merge, in row-key order.
        var wanted = query.Limit is { } limit ? limit + 1 : int.MaxValue;
        var partitions = await Task.WhenAll(_placement.Groups(query.Resource).Select(group =>
            ListPartitionAsync(query.Tenant, TablePlacement.PartitionKey(query.Tenant, group), prefix, after, wanted, cancellationToken)));
        var rows = partitions.SelectMany(p => p).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(wanted).ToList();
        var items = rows.Select(r => r.Object).ToList();
        if (query.Limit is { } pageSize && items.Count > pageSize)
        {
            items.RemoveAt(pageSize);
            return new ObjectPage(items, ContinueTokens.Encode(rows[pageSize - 1].RowKey));
        }

        return new ObjectPage(items, null);
    }

    public async Task<string> GetPositionAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var heads = await Task.WhenAll(_placement.All.Select(group =>
            ReadRowAsync(TablePlacement.PartitionKey(tenant, group), TableChangeLog.SequenceRow, SequenceColumns, TableChangeLog.SequenceProperty, cancellationToken)));
        return TenantPosition.Format([.. heads.Select(h => h.Value)]);
    }

    public async Task<ChangePage> ReadChangesAsync(string tenant, string after, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!TenantPosition.TryParse(after, _placement.All.Count, out var from))
        {
            throw Expired(tenant, after, $"it is not a position of this store ({_placement.All.Count} partitions a tenant)");
        }

        var partitions = await Task.WhenAll(_placement.All.Select((group, i) =>
            ReadPartitionChangesAsync(tenant, TablePlacement.PartitionKey(tenant, group), from[i], limit, after, cancellationToken)));

        // Partitions have no common order: changes are merged by commit time, which keeps each partition's own order
        // (its commits form a chain), and the position moves per partition.
        var merged = partitions
            .SelectMany((p, i) => p.Changes.Select(c => (c.At, Partition: i, c.Position, c.Change)))
            .OrderBy(c => c.At).ThenBy(c => c.Partition).ThenBy(c => c.Position)
            .ToList();
        var taken = merged.Take(limit).ToList();
        var position = (long[])from.Clone();
        foreach (var change in taken)
        {
            position[change.Partition] = change.Position;
        }

        var hasMore = merged.Count > limit;
        for (var i = 0; i < partitions.Length; i++)
        {
            if (partitions[i].Drained && !merged.Skip(limit).Any(c => c.Partition == i))
            {
                position[i] = partitions[i].Head;
            }
            else
            {
                hasMore = true;
            }
        }

        return new ChangePage([.. taken.Select(c => c.Change)], TenantPosition.Format(position), hasMore);
    }

    public async Task<int> CompactAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var removed = await Task.WhenAll(_placement.All.Select(group => CompactPartitionAsync(TablePlacement.PartitionKey(tenant, group), group, before, cancellationToken)));
        return removed.Sum();
    }

    private async Task<List<(string RowKey, StoredObject Object)>> ListPartitionAsync(
        string tenant, string partitionKey, string prefix, string? after, int wanted, CancellationToken cancellationToken)
    {
        var upper = TableKey.UpperBound(prefix);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {after} and RowKey lt {upper}");
        var rows = new List<(string, StoredObject)>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, Math.Min(wanted, 1000), ObjectPayload.Columns, cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                if (!ObjectRowKeys.TryParse(tenant, row.RowKey, out var key, out var readThrough))
                {
                    throw new InvalidDataException($"Row '{row.RowKey}' of partition '{partitionKey}' is not an object row.");
                }

                rows.Add((row.RowKey, ReadObject(key, row, readThrough)));
                if (rows.Count == wanted)
                {
                    return rows;
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> + 1 changes of one partition after <paramref name="from"/>, with their commit
    /// times; <c>Drained</c> when they are all the changes up to the partition's newest position (<c>Head</c>).
    /// </summary>
    private async Task<(List<(DateTimeOffset At, long Position, StoreChange Change)> Changes, bool Drained, long Head)> ReadPartitionChangesAsync(
        string tenant, string partitionKey, long from, int limit, string asked, CancellationToken cancellationToken)
    {
        // The head first: every change up to it is committed, log row included, so reading up to it leaves no gap.
        var (head, _) = await ReadRowAsync(partitionKey, TableChangeLog.SequenceRow, SequenceColumns, TableChangeLog.SequenceProperty, cancellationToken);
        if (from > head)
        {
            throw Expired(tenant, asked, $"partition {partitionKey} has nothing after {head}");
        }

        var (horizon, _) = await ReadRowAsync(partitionKey, TableChangeLog.HorizonRow, HorizonColumns, TableChangeLog.CompactedProperty, cancellationToken);
        if (from < horizon)
        {
            throw Expired(tenant, asked, $"changes of partition {partitionKey} up to {horizon} were compacted");
        }

        var changes = new List<(DateTimeOffset, long, StoreChange)>();
        if (from == head)
        {
            return (changes, true, head);
        }

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey gt {TableChangeLog.EntryRow(from)} and RowKey le {TableChangeLog.EntryRow(head)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, 100, LogColumns, cancellationToken))
        {
            var at = row.GetDateTimeOffset(TableChangeLog.AtProperty) ?? DateTimeOffset.MinValue;

            // A row ends after the position asked for but may begin before it.
            foreach (var change in TableChangeLog.Decode(tenant, row))
            {
                var position = long.Parse(change.Object.ResourceVersion, CultureInfo.InvariantCulture);
                if (position > from)
                {
                    changes.Add((at, position, change));
                }
            }

            if (changes.Count > limit)
            {
                return (changes, false, head);
            }
        }

        return (changes, true, head);
    }

    private async Task<int> CompactPartitionAsync(string partitionKey, string group, DateTimeOffset before, CancellationToken cancellationToken)
    {
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
        var (horizon, _) = await ReadRowAsync(partitionKey, TableChangeLog.HorizonRow, HorizonColumns, TableChangeLog.CompactedProperty, cancellationToken);
        if (through > horizon)
        {
            var entity = new TableEntity(partitionKey, TableChangeLog.HorizonRow) { [TableChangeLog.CompactedProperty] = through.Value };
            await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            AzureRequestCounting.CountEntities(EntitiesTable, group, 1);
        }

        var removed = rows.Where(r => r.Last <= through).ToList();
        foreach (var batch in removed.Chunk(TableLimits.MaxOperationsPerTransaction))
        {
            await _table.SubmitTransactionAsync(
                batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, r.RowKey), ETag.All)),
                cancellationToken);
            AzureRequestCounting.CountEntities(EntitiesTable, group, batch.Length);
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

    private async Task<(long Value, ETag? ETag)> ReadRowAsync(string partitionKey, string rowKey, IReadOnlyList<string> columns, string property, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, columns, cancellationToken);
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
