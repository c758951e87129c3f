using System.Globalization;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage;

namespace Orchestrator.Testing.Fakes;

/// <summary>
/// An <see cref="IObjectStore"/> in memory that keeps the contract of the Table Storage store: a tenant is a
/// partition of primary and index rows keyed as the real ones are, a commit is all or nothing and at most 100 rows,
/// creates fail on a taken key, updates and deletes on a version that is not current or an object that is gone, and
/// lists run in row-key order with opaque continue tokens.
/// </summary>
/// <remarks>
/// Azure's byte limits (entity, property, transaction payload) are not modelled, and every row of an object carries
/// the same version; callers must treat versions as opaque either way.
/// </remarks>
public sealed class InMemoryObjectStore : IObjectStore
{
    /// <summary>Rows an entity-group transaction may hold.</summary>
    public const int MaxRowsPerCommit = 100;

    private readonly Lock _gate = new();

    // Per tenant (the partition), row key to the object the row is a copy of: its primary row and one row per index entry.
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _partitions = new(StringComparer.Ordinal);
    private long _lastVersion;
    private int _commitCount;

    /// <summary>Commits applied so far (refused ones do not count).</summary>
    public int CommitCount
    {
        get
        {
            lock (_gate)
            {
                return _commitCount;
            }
        }
    }

    /// <summary>The keys of every object of <paramref name="tenant"/>, in row-key order.</summary>
    public IReadOnlyList<ObjectKey> Keys(string tenant)
    {
        lock (_gate)
        {
            return _partitions.TryGetValue(tenant, out var rows)
                ? [.. rows.Where(r => r.Key.StartsWith("o~", StringComparison.Ordinal)).Select(r => r.Value.Key)]
                : [];
        }
    }

    public Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.Tenant);
        lock (_gate)
        {
            var found = _partitions.TryGetValue(key.Tenant, out var rows) && rows.TryGetValue(PrimaryRow(key), out var stored) ? Copy(stored) : null;
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
    {
        var plan = Plan(tenant, operations);
        if (plan.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredObject?>>([]);
        }

        lock (_gate)
        {
            if (!_partitions.TryGetValue(tenant, out var rows))
            {
                rows = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
                _partitions.Add(tenant, rows);
            }

            // Every precondition is checked before anything is written: a refused commit leaves no trace.
            foreach (var (operation, _) in plan)
            {
                Check(rows, operation);
            }

            var results = new List<StoredObject?>(plan.Count);
            foreach (var (operation, indexes) in plan)
            {
                if (operation is not StoreOperation.Create && rows.TryGetValue(PrimaryRow(operation.Key), out var current))
                {
                    RemoveRows(rows, current);
                }

                switch (operation)
                {
                    case StoreOperation.Create create:
                        results.Add(AddRows(rows, new StoredObject(create.Key, [.. create.Json], NextVersion(), indexes!)));
                        break;
                    case StoreOperation.Update update:
                        results.Add(AddRows(rows, new StoredObject(update.Key, [.. update.Json], NextVersion(), indexes!)));
                        break;
                    default:
                        results.Add(null);
                        break;
                }
            }

            _commitCount++;
            return Task.FromResult<IReadOnlyList<StoredObject?>>(results);
        }
    }

    public Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken)
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
        lock (_gate)
        {
            if (!_partitions.TryGetValue(query.Tenant, out var rows))
            {
                return Task.FromResult(new ObjectPage([], null));
            }

            var items = new List<StoredObject>();
            string? lastRow = null;
            foreach (var (rowKey, stored) in rows)
            {
                if (!rowKey.StartsWith(prefix, StringComparison.Ordinal) || (after is not null && string.CompareOrdinal(rowKey, after) <= 0))
                {
                    continue;
                }

                if (items.Count == query.Limit)
                {
                    // One row beyond the limit: another page exists.
                    return Task.FromResult(new ObjectPage(items, ContinueTokens.Encode(lastRow!)));
                }

                items.Add(Copy(stored));
                lastRow = rowKey;
            }

            return Task.FromResult(new ObjectPage(items, null));
        }
    }

    /// <summary>
    /// Checks a commit as the real store does before sending anything: keys, tenant, one operation a row and the row
    /// count. Returns each operation with the distinct index entries the object has after the commit.
    /// </summary>
    private static List<(StoreOperation Operation, List<IndexEntry>? Indexes)> Plan(string tenant, IReadOnlyList<StoreOperation> operations)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(operations);
        var plan = new List<(StoreOperation, List<IndexEntry>?)>(operations.Count);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (operation is null)
            {
                throw new ArgumentException("A commit contains a null operation.", nameof(operations));
            }

            var key = operation.Key;
            if (string.IsNullOrEmpty(key.Resource) || string.IsNullOrEmpty(key.Name) || key.Namespace is null)
            {
                throw new ArgumentException($"Object key {key} needs a resource, a name and a namespace (empty when cluster-scoped).", nameof(operations));
            }

            if (!string.Equals(key.Tenant, tenant, StringComparison.Ordinal))
            {
                throw new StoreException(StoreFailure.TooLarge, key, $"{Describe(key)} belongs to tenant '{key.Tenant}', but the commit is for tenant '{tenant}': a transaction spans one partition.");
            }

            List<IndexEntry>? after;
            IEnumerable<IndexEntry> rowsOf;
            switch (operation)
            {
                case StoreOperation.Create create:
                    ArgumentNullException.ThrowIfNull(create.Json, nameof(operations));
                    after = Distinct(create.Indexes);
                    rowsOf = after;
                    break;
                case StoreOperation.Update update:
                    ArgumentNullException.ThrowIfNull(update.Json, nameof(operations));
                    after = Distinct(update.Indexes);
                    rowsOf = after.Union(Distinct(update.Previous.Indexes));
                    break;
                case StoreOperation.Delete delete:
                    after = null;
                    rowsOf = Distinct(delete.Previous.Indexes);
                    break;
                default:
                    throw new ArgumentException($"Unknown operation {operation.GetType().Name}.", nameof(operations));
            }

            foreach (var row in rowsOf.Select(e => IndexRow(e, key)).Prepend(PrimaryRow(key)))
            {
                if (!touched.Add(row))
                {
                    throw new ArgumentException($"{Describe(key)} is touched twice in one commit (Azure allows one operation an entity in a transaction).", nameof(operations));
                }
            }

            plan.Add((operation, after));
        }

        if (touched.Count > MaxRowsPerCommit)
        {
            throw new StoreException(
                StoreFailure.TooLarge,
                key: null,
                $"The commit would write {touched.Count} rows ({operations.Count} objects and their index rows); a transaction holds at most {MaxRowsPerCommit}.");
        }

        return plan;
    }

    private static void Check(SortedDictionary<string, StoredObject> rows, StoreOperation operation)
    {
        var key = operation.Key;
        var current = rows.GetValueOrDefault(PrimaryRow(key));
        var previous = operation switch
        {
            StoreOperation.Update update => update.Previous,
            StoreOperation.Delete delete => delete.Previous,
            _ => null,
        };
        if (previous is null)
        {
            if (current is not null)
            {
                throw new StoreException(StoreFailure.AlreadyExists, key, $"{Describe(key)} already exists.");
            }

            return;
        }

        if (current is null)
        {
            throw new StoreException(StoreFailure.NotFound, key, $"{Describe(key)} does not exist.");
        }

        if (!string.Equals(current.ResourceVersion, previous.ResourceVersion, StringComparison.Ordinal) ||
            !Distinct(current.Indexes).ToHashSet().SetEquals(Distinct(previous.Indexes)))
        {
            throw new StoreException(StoreFailure.Conflict, key, $"{Describe(key)} was modified: the version it was based on is no longer the current one.");
        }
    }

    private static StoredObject AddRows(SortedDictionary<string, StoredObject> rows, StoredObject stored)
    {
        rows[PrimaryRow(stored.Key)] = stored;
        foreach (var entry in stored.Indexes)
        {
            rows[IndexRow(entry, stored.Key)] = stored;
        }

        return Copy(stored);
    }

    private static void RemoveRows(SortedDictionary<string, StoredObject> rows, StoredObject stored)
    {
        rows.Remove(PrimaryRow(stored.Key));
        foreach (var entry in stored.Indexes)
        {
            rows.Remove(IndexRow(entry, stored.Key));
        }
    }

    private static List<IndexEntry> Distinct(IReadOnlyList<IndexEntry>? entries)
    {
        var result = new List<IndexEntry>(entries?.Count ?? 0);
        foreach (var entry in entries ?? [])
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

    private static string PrimaryRow(ObjectKey key) => ObjectRowKeys.Primary(key);

    private static string IndexRow(IndexEntry entry, ObjectKey key) => ObjectRowKeys.Index(entry, key);

    // Callers get their own bytes, as they would from a read of the table.
    private static StoredObject Copy(StoredObject stored) => stored with { Json = [.. stored.Json], Indexes = [.. stored.Indexes] };

    private static string Describe(ObjectKey key) =>
        key.Namespace.Length == 0 ? $"{key.Resource} {key.Name}" : $"{key.Resource} {key.Namespace}/{key.Name}";

    private string NextVersion() => (++_lastVersion).ToString(CultureInfo.InvariantCulture);
}
