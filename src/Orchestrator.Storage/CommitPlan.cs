using Azure;
using Azure.Data.Tables;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// The rows of one commit as a single entity-group transaction, checked against Azure's limits before anything is
/// sent: the objects' rows, then the partition's sequence row and one change-log row (<see cref="TableChangeLog"/>).
/// Each object's primary row comes before its index rows, so that an object that is gone fails on its primary row (not
/// found) rather than on an index row (changed). Every object row carries its version, the position of the change that
/// wrote it (<c>V</c>), stamped by <see cref="Actions"/> once the positions are known.
/// </summary>
internal sealed class CommitPlan
{
    /// <summary>Rows of a commit besides the objects' own: the sequence row and the log row.</summary>
    public const int LogRows = 2;

    private readonly string _partitionKey;
    private readonly IReadOnlyList<byte[]> _logChunks;

    private CommitPlan(string partitionKey, IReadOnlyList<PlannedRow> rows, IReadOnlyList<PlannedOperation> operations, IReadOnlyList<byte[]> logChunks)
    {
        _partitionKey = partitionKey;
        Rows = rows;
        Operations = operations;
        _logChunks = logChunks;
    }

    /// <summary>The objects' rows (after the sequence and log rows in the transaction: see <see cref="Actions"/>).</summary>
    public IReadOnlyList<PlannedRow> Rows { get; }

    public string PartitionKey => _partitionKey;

    /// <summary>The operations, each with the index entries its object has after the commit (null for a delete).</summary>
    public IReadOnlyList<PlannedOperation> Operations { get; }

    /// <summary>The rows of <paramref name="planned"/>, all of one partition (the caller checked their group).</summary>
    public static CommitPlan Build(string partitionKey, List<PlannedOperation> planned)
    {
        var rows = new List<PlannedRow>();
        var changes = new List<(StoreChangeType, ObjectKey, IReadOnlyList<IndexEntry>, byte[])>(planned.Count);
        for (var i = 0; i < planned.Count; i++)
        {
            var (operation, indexes) = planned[i];
            var key = operation.Key;
            switch (operation)
            {
                case StoreOperation.Create create:
                    AddWrites(rows, i, partitionKey, key, create.Json, indexes!, previous: null);
                    changes.Add((StoreChangeType.Added, key, indexes!, create.Json));
                    break;
                case StoreOperation.Update update:
                    AddWrites(rows, i, partitionKey, key, update.Json, indexes!, update.Previous);
                    changes.Add((StoreChangeType.Modified, key, indexes!, update.Json));
                    break;
                case StoreOperation.Delete delete:
                    AddDeletes(rows, i, partitionKey, delete.Previous);

                    // The last state, as a watch shows a deletion: the stored one, since the delete is conditional on it.
                    changes.Add((StoreChangeType.Deleted, key, OperationPlan.Distinct(delete.Previous.Indexes), delete.Previous.Json));
                    break;
            }
        }

        var logChunks = ObjectPayload.Compress(TableChangeLog.Encode(changes));
        if (logChunks.Count > ObjectPayload.MaxChunks - 1)
        {
            throw new StoreException(
                StoreFailure.TooLarge,
                planned.Count == 1 ? planned[0].Operation.Key : null,
                $"The commit's changes take {Size(logChunks.Sum(c => (long)c.Length))} compressed; its change-log row holds at most 960 KiB.");
        }

        var plan = new CommitPlan(partitionKey, rows, planned, logChunks);
        CheckTransaction(rows, plan.LogEntity(0, 0, DateTimeOffset.UnixEpoch), planned);
        return plan;
    }

    /// <summary>
    /// The transaction with the positions known: the sequence row first (so that a race with another writer is told
    /// apart from a refused object), then the log row, then the objects' rows, the n-th operation's at position
    /// <paramref name="first"/> + n.
    /// </summary>
    public List<TableTransactionAction> Actions(TableTransactionAction sequence, long first, DateTimeOffset now)
    {
        var actions = new List<TableTransactionAction>(Rows.Count + LogRows) { sequence };
        var last = first + Operations.Count - 1;
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, LogEntity(first, last, now)));
        foreach (var row in Rows)
        {
            if (row.Properties is not null)
            {
                ((TableEntity)row.Action.Entity)[ObjectPayload.VersionProperty] = first + row.Operation;
            }

            actions.Add(row.Action);
        }

        return actions;
    }

    private TableEntity LogEntity(long first, long last, DateTimeOffset now)
    {
        var entity = new TableEntity(_partitionKey, TableChangeLog.EntryRow(last))
        {
            [TableChangeLog.FirstProperty] = first,
            [TableChangeLog.AtProperty] = now,
        };
        for (var c = 0; c < _logChunks.Count; c++)
        {
            entity[ObjectPayload.ChunkName(c)] = _logChunks[c];
        }

        return entity;
    }

    /// <summary>
    /// Adds the rows of a create (<paramref name="previous"/> null) or an update: the primary row, an upsert per index
    /// entry and a delete per entry the object no longer has. An update's precondition goes on the row it was read
    /// from (see <see cref="RowTags"/>); the other rows of the object follow unconditionally.
    /// </summary>
    private static void AddWrites(
        List<PlannedRow> rows,
        int operation,
        string partitionKey,
        ObjectKey key,
        byte[] json,
        IReadOnlyList<IndexEntry> entries,
        StoredObject? previous)
    {
        var oldEntries = previous is null ? [] : OperationPlan.Distinct(previous.Indexes);
        var (readThrough, etag) = previous is null ? (null, default) : ParseTag(previous, oldEntries);
        var chunks = ObjectPayload.Compress(json);
        if (chunks.Count > ObjectPayload.MaxChunks)
        {
            throw TooLarge(key, $"its compressed JSON ({Size(chunks.Sum(c => (long)c.Length))}) cannot fit the 1 MiB entity limit");
        }

        // The version is stamped once the commit's positions are known; a placeholder counts it in the row's size.
        var properties = new List<KeyValuePair<string, object?>>(chunks.Count + 2)
        {
            new(ObjectPayload.VersionProperty, 0L),
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
    }

    private static void AddDeletes(List<PlannedRow> rows, int operation, string partitionKey, StoredObject previous)
    {
        var key = previous.Key;
        var entries = OperationPlan.Distinct(previous.Indexes);
        var (readThrough, etag) = ParseTag(previous, entries);
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

    private static void CheckTransaction(List<PlannedRow> rows, TableEntity logEntity, IReadOnlyList<PlannedOperation> operations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!seen.Add(row.Action.Entity.RowKey))
            {
                // Two keys whose rows collide: the same object through two spellings cannot happen, so this is a bug.
                throw new ArgumentException($"{operations[row.Operation].Operation.Key.Describe()} writes row '{row.Action.Entity.RowKey}' twice in one commit.", nameof(operations));
            }
        }

        if (rows.Count + LogRows > TableLimits.MaxOperationsPerTransaction)
        {
            throw new StoreException(
                StoreFailure.TooLarge,
                key: null,
                $"The commit would write {rows.Count + LogRows} rows ({operations.Count} objects, their index rows and {LogRows} change-log rows); a transaction holds at most {TableLimits.MaxOperationsPerTransaction}.");
        }

        var logProperties = logEntity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"));
        var payload = rows.Sum(r => TableLimits.TransactionBytes(r.Action.Entity, r.Properties))
            + TableLimits.TransactionBytes(logEntity, logProperties)
            + TableLimits.TransactionBytes(new TableEntity(logEntity.PartitionKey, TableChangeLog.SequenceRow), [new(TableChangeLog.SequenceProperty, 0L)]);
        if (payload > TableLimits.MaxTransactionPayloadBytes)
        {
            throw new StoreException(
                StoreFailure.TooLarge,
                operations.Count == 1 ? operations[0].Operation.Key : null,
                $"The commit would send about {Size(payload)} ({rows.Count} rows, each index row a full copy of its object, and the change-log row); a transaction holds at most 4 MiB.");
        }
    }

    private static (IndexEntry? ReadThrough, ETag ETag) ParseTag(StoredObject previous, List<IndexEntry> entries)
    {
        if (!RowTags.TryDecode(previous.StoreTag, out var readThrough, out var etag, out var version))
        {
            throw new StoreException(StoreFailure.Conflict, previous.Key, $"{previous.Key.Describe()}: version '{previous.ResourceVersion}' was not read from this store.");
        }

        if (version != previous.ResourceVersion)
        {
            throw new StoreException(StoreFailure.Conflict, previous.Key, $"{previous.Key.Describe()} was modified: the version it was based on is no longer the current one.");
        }

        if (readThrough is not null && !entries.Contains(readThrough))
        {
            throw new StoreException(StoreFailure.Conflict, previous.Key, $"{previous.Key.Describe()}: it was read through index {readThrough.Index}={readThrough.Value}, which it does not have.");
        }

        return (readThrough, etag);
    }

    private static StoreException TooLarge(ObjectKey key, string reason) =>
        new(StoreFailure.TooLarge, key, $"{key.Describe()} cannot be stored: {reason}.");

    private static string Size(long bytes) => bytes >= 10 * 1024 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";
}
