using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The object store over one table. The partition is the tenant; an object is a primary row plus one index row per
/// index entry, each a full copy, so that listing through an index is one range query. A commit is one entity-group
/// transaction.
/// </summary>
/// <remarks>
/// A resourceVersion names the row it was read from and that row's ETag (<see cref="ResourceVersions"/>): reads by
/// key and by key range give the primary row's version, lists through an index the index row's.
/// </remarks>
internal sealed partial class TableObjectStore : IObjectStore
{
    private readonly TableClient _table;
    private readonly ILogger<TableObjectStore> _logger;

    public TableObjectStore(TableServiceClient client, IOptions<StorageOptions> options, ILogger<TableObjectStore> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _table = client.GetTableClient(TableNames.Objects(options.Value.TablePrefix));
        _logger = logger;
    }

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
        if (plan.Rows.Count == 0)
        {
            return [];
        }

        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await _table.SubmitTransactionAsync(plan.Rows.Select(r => r.Action), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (Translate(ex, plan, operations) is { } failure)
        {
            throw failure;
        }
        catch (RequestFailedException ex) when (ex.Status == 413)
        {
            throw new StoreException(StoreFailure.TooLarge, null, $"Azure refused the commit as too large: {ex.ErrorCode}.");
        }

        LogCommitted(_logger, tenant, operations.Count, plan.Rows.Count);
        return Results(plan, operations, response.Value);
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

    private static StoredObject ReadObject(ObjectKey key, TableEntity row, IndexEntry? readThrough) =>
        new(
            key,
            ObjectPayload.Decompress(row),
            ResourceVersions.Encode(row.ETag, readThrough),
            ObjectPayload.DecodeIndexes(row.GetString(ObjectPayload.IndexesProperty)));

    private static StoreException? Translate(TableTransactionFailedException ex, CommitPlan plan, IReadOnlyList<StoreOperation> operations)
    {
        if (ex.Status == 413)
        {
            return new StoreException(StoreFailure.TooLarge, null, $"Azure refused the commit as too large: {ex.ErrorCode}.");
        }

        if (ex.FailedTransactionActionIndex is not { } index || index < 0 || index >= plan.Rows.Count)
        {
            return null;
        }

        var row = plan.Rows[index];
        var operation = operations[row.Operation];
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

    private static List<StoredObject?> Results(CommitPlan plan, IReadOnlyList<StoreOperation> operations, IReadOnlyList<Response> responses)
    {
        var versions = new ETag?[operations.Count];
        for (var i = 0; i < plan.Rows.Count; i++)
        {
            if (plan.Rows[i].IsPrimary && plan.Rows[i].Properties is not null)
            {
                versions[plan.Rows[i].Operation] = responses[i].Headers.ETag
                    ?? throw new InvalidOperationException($"The transaction response for row {i} carries no ETag.");
            }
        }

        var results = new List<StoredObject?>(operations.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            results.Add(operations[i] switch
            {
                StoreOperation.Create create => new StoredObject(create.Key, create.Json, ResourceVersions.Encode(versions[i]!.Value), plan.Indexes[i]!),
                StoreOperation.Update update => new StoredObject(update.Key, update.Json, ResourceVersions.Encode(versions[i]!.Value), plan.Indexes[i]!),
                _ => null,
            });
        }

        return results;
    }
}
