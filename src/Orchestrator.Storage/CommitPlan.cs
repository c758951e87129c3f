using Azure;
using Azure.Data.Tables;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The rows of one commit as a single entity-group transaction, checked against Azure's limits before anything is
/// sent. Each object's primary row comes before its index rows, so that an object that is gone fails on its primary
/// row (not found) rather than on an index row (changed).
/// </summary>
internal sealed class CommitPlan
{
    private CommitPlan(IReadOnlyList<PlannedRow> rows, IReadOnlyList<IReadOnlyList<IndexEntry>?> indexes)
    {
        Rows = rows;
        Indexes = indexes;
    }

    public IReadOnlyList<PlannedRow> Rows { get; }

    /// <summary>Per operation, the index entries the object has after the commit (null for a delete).</summary>
    public IReadOnlyList<IReadOnlyList<IndexEntry>?> Indexes { get; }

    public static CommitPlan Build(string tenant, IReadOnlyList<StoreOperation> operations)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(operations);

        var partitionKey = ObjectRowKeys.PartitionKey(tenant);
        var rows = new List<PlannedRow>();
        var indexes = new List<IReadOnlyList<IndexEntry>?>(operations.Count);
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i] ?? throw new ArgumentException("A commit contains a null operation.", nameof(operations));
            var key = operation.Key;
            ValidateKey(key);
            if (!string.Equals(key.Tenant, tenant, StringComparison.Ordinal))
            {
                throw new StoreException(
                    StoreFailure.TooLarge,
                    key,
                    $"{key.Describe()} belongs to tenant '{key.Tenant}', but the commit is for tenant '{tenant}': a transaction spans one partition.");
            }

            switch (operation)
            {
                case StoreOperation.Create create:
                    indexes.Add(AddWrites(rows, i, partitionKey, key, create.Json, create.Indexes, previous: null));
                    break;
                case StoreOperation.Update update:
                    indexes.Add(AddWrites(rows, i, partitionKey, key, update.Json, update.Indexes, update.Previous));
                    break;
                case StoreOperation.Delete delete:
                    AddDeletes(rows, i, partitionKey, delete.Previous);
                    indexes.Add(null);
                    break;
                default:
                    throw new ArgumentException($"Unknown operation {operation.GetType().Name}.", nameof(operations));
            }
        }

        CheckTransaction(rows, operations);
        return new CommitPlan(rows, indexes);
    }

    /// <summary>
    /// Adds the rows of a create (<paramref name="previous"/> null) or an update: the primary row, an upsert per index
    /// entry and a delete per entry the object no longer has. An update's precondition goes on the row its version
    /// was read from (see <see cref="ResourceVersions"/>); the other rows of the object follow unconditionally.
    /// </summary>
    private static List<IndexEntry> AddWrites(
        List<PlannedRow> rows,
        int operation,
        string partitionKey,
        ObjectKey key,
        byte[] json,
        IReadOnlyList<IndexEntry> newIndexes,
        StoredObject? previous)
    {
        ArgumentNullException.ThrowIfNull(json);
        var entries = Distinct(newIndexes);
        var oldEntries = previous is null ? [] : Distinct(previous.Indexes);
        var (readThrough, etag) = previous is null ? (null, default) : ParseVersion(previous, oldEntries);
        var chunks = ObjectPayload.Compress(json);
        if (chunks.Count > ObjectPayload.MaxChunks)
        {
            throw TooLarge(key, $"its compressed JSON ({Size(chunks.Sum(c => (long)c.Length))}) cannot fit the 1 MiB entity limit");
        }

        var properties = new List<KeyValuePair<string, object?>>(chunks.Count + 1)
        {
            new(ObjectPayload.IndexesProperty, ObjectPayload.EncodeIndexes(entries)),
        };
        for (var c = 0; c < chunks.Count; c++)
        {
            properties.Add(new(ObjectPayload.ChunkName(c), chunks[c]));
        }

        var (primaryType, primaryTag) = previous is null
            ? (TableTransactionActionType.Add, default(ETag))
            : (TableTransactionActionType.UpdateReplace, readThrough is null ? etag : ETag.All);
        rows.Add(Write(operation, isPrimary: true, primaryType, partitionKey, ObjectRowKeys.Primary(key), properties, primaryTag, key));
        foreach (var entry in entries)
        {
            var (type, rowTag) = entry == readThrough
                ? (TableTransactionActionType.UpdateReplace, etag)
                : (TableTransactionActionType.UpsertReplace, default);
            rows.Add(Write(operation, isPrimary: false, type, partitionKey, ObjectRowKeys.Index(entry, key), properties, rowTag, key));
        }

        foreach (var stale in oldEntries.Except(entries))
        {
            rows.Add(Remove(operation, isPrimary: false, partitionKey, ObjectRowKeys.Index(stale, key), stale == readThrough ? etag : ETag.All, key));
        }

        return entries;
    }

    private static void AddDeletes(List<PlannedRow> rows, int operation, string partitionKey, StoredObject previous)
    {
        var key = previous.Key;
        var entries = Distinct(previous.Indexes);
        var (readThrough, etag) = ParseVersion(previous, entries);
        rows.Add(Remove(operation, isPrimary: true, partitionKey, ObjectRowKeys.Primary(key), readThrough is null ? etag : ETag.All, key));
        foreach (var entry in entries)
        {
            rows.Add(Remove(operation, isPrimary: false, partitionKey, ObjectRowKeys.Index(entry, key), entry == readThrough ? etag : ETag.All, key));
        }
    }

    private static PlannedRow Write(
        int operation,
        bool isPrimary,
        TableTransactionActionType type,
        string partitionKey,
        string rowKey,
        IReadOnlyList<KeyValuePair<string, object?>> properties,
        ETag etag,
        ObjectKey key)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in properties)
        {
            entity[name] = value;
        }

        CheckEntity(entity, properties, key);
        return new PlannedRow(operation, isPrimary, new TableTransactionAction(type, entity, etag), properties);
    }

    private static PlannedRow Remove(int operation, bool isPrimary, string partitionKey, string rowKey, ETag etag, ObjectKey key)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        CheckKeys(entity, key);
        return new PlannedRow(operation, isPrimary, new TableTransactionAction(TableTransactionActionType.Delete, entity, etag), Properties: null);
    }

    private static void CheckEntity(TableEntity entity, IReadOnlyList<KeyValuePair<string, object?>> properties, ObjectKey key)
    {
        CheckKeys(entity, key);
        if (TableLimits.PropertyCount(properties.Count) > TableLimits.MaxProperties)
        {
            throw TooLarge(key, $"a row would have {TableLimits.PropertyCount(properties.Count)} properties (Azure allows {TableLimits.MaxProperties})");
        }

        foreach (var (name, value) in properties)
        {
            var bytes = value switch
            {
                byte[] binary => binary.Length,
                string text => TableLimits.KeyBytes(text),
                _ => 0,
            };
            if (bytes > TableLimits.MaxPropertyBytes)
            {
                throw TooLarge(key, $"property {name} would hold {Size(bytes)} (Azure allows 64 KiB a property)");
            }
        }

        var size = TableLimits.EntityBytes(entity, properties);
        if (size > TableLimits.MaxEntityBytes)
        {
            throw TooLarge(key, $"its row would take {Size(size)} (Azure allows 1 MiB an entity; the JSON is stored gzip-compressed)");
        }

        var body = TableLimits.EntityJsonBytes(entity, properties);
        if (body > TableLimits.MaxEntityBytes)
        {
            throw TooLarge(key, $"its row would be sent as about {Size(body)} of JSON, binary data base64-encoded (1 MiB an entity; the JSON is stored gzip-compressed)");
        }
    }

    private static void CheckKeys(TableEntity entity, ObjectKey key)
    {
        if (TableLimits.KeyBytes(entity.PartitionKey) > TableLimits.MaxKeyBytes)
        {
            throw TooLarge(key, $"the tenant key takes {Size(TableLimits.KeyBytes(entity.PartitionKey))} (Azure allows 1 KiB a key)");
        }

        if (TableLimits.KeyBytes(entity.RowKey) > TableLimits.MaxKeyBytes)
        {
            throw TooLarge(key, $"the row key '{entity.RowKey}' takes {Size(TableLimits.KeyBytes(entity.RowKey))} (Azure allows 1 KiB a key)");
        }
    }

    private static void CheckTransaction(List<PlannedRow> rows, IReadOnlyList<StoreOperation> operations)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!seen.TryAdd(row.Action.Entity.RowKey, row.Operation))
            {
                throw new ArgumentException(
                    $"{operations[row.Operation].Key.Describe()} is touched twice in one commit (Azure allows one operation an entity in a transaction).",
                    nameof(operations));
            }
        }

        if (rows.Count > TableLimits.MaxOperationsPerTransaction)
        {
            throw new StoreException(
                StoreFailure.TooLarge,
                key: null,
                $"The commit would write {rows.Count} rows ({operations.Count} objects and their index rows); a transaction holds at most {TableLimits.MaxOperationsPerTransaction}.");
        }

        var payload = rows.Sum(r => TableLimits.TransactionBytes(r.Action.Entity, r.Properties));
        if (payload > TableLimits.MaxTransactionPayloadBytes)
        {
            throw new StoreException(
                StoreFailure.TooLarge,
                operations.Count == 1 ? operations[0].Key : null,
                $"The commit would send about {Size(payload)} ({rows.Count} rows, each index row a full copy of its object); a transaction holds at most 4 MiB.");
        }
    }

    private static (IndexEntry? ReadThrough, ETag ETag) ParseVersion(StoredObject previous, List<IndexEntry> entries)
    {
        if (!ResourceVersions.TryDecode(previous.ResourceVersion, out var readThrough, out var etag))
        {
            throw new StoreException(StoreFailure.Conflict, previous.Key, $"{previous.Key.Describe()}: resourceVersion '{previous.ResourceVersion}' is not a version of this store.");
        }

        if (readThrough is not null && !entries.Contains(readThrough))
        {
            throw new StoreException(StoreFailure.Conflict, previous.Key, $"{previous.Key.Describe()}: its version was read through index {readThrough.Index}={readThrough.Value}, which it does not have.");
        }

        return (readThrough, etag);
    }

    private static void ValidateKey(ObjectKey key)
    {
        if (string.IsNullOrEmpty(key.Resource) || string.IsNullOrEmpty(key.Name) || key.Namespace is null)
        {
            throw new ArgumentException($"Object key {key} needs a resource, a name and a namespace (empty when cluster-scoped).", nameof(key));
        }
    }

    private static List<IndexEntry> Distinct(IReadOnlyList<IndexEntry>? entries)
    {
        if (entries is null)
        {
            return [];
        }

        var result = new List<IndexEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry is null || string.IsNullOrEmpty(entry.Index) || entry.Value is null)
            {
                throw new ArgumentException("An index entry needs an index name and a value (which may be empty).", nameof(entries));
            }

            if (!result.Contains(entry))
            {
                result.Add(entry);
            }
        }

        return result;
    }

    private static StoreException TooLarge(ObjectKey key, string reason) =>
        new(StoreFailure.TooLarge, key, $"{key.Describe()} cannot be stored: {reason}.");

    private static string Size(long bytes) => bytes >= 10 * 1024 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";
}
