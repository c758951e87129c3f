using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// The object store and its change log in SQLite (docs/adr/0019). A commit is one transaction that, per operation,
/// appends a row to <c>changes</c> (the log position is its key) and writes the object with that position as its
/// version, plus one <c>object_indexes</c> row per index entry. Positions are one sequence for the whole database, so
/// they order every tenant's changes; <c>resourceVersion</c> is the position in decimal.
/// </summary>
internal sealed class SqliteObjectStore : IObjectStore
{
    private const string ObjectColumns = "o.namespace, o.name, o.version, o.indexes, o.json";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _maxOperations;

    public SqliteObjectStore(SqliteDatabase database, TimeProvider time, IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _time = time;
        _maxOperations = options.Value.MaxOperationsPerCommit;
    }

    /// <summary>One group: any operations can share a transaction.</summary>
    public string CommitGroup(ObjectKey key) => "";

    public IReadOnlyList<string> CommitGroups(string resource) => [""];

    public int MaxCommitCost => _maxOperations;

    public int CommitCost(StoreOperation operation) => 1;

    public Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.Tenant);
        var found = _database.Read(session =>
        {
            var command = session.Command(
                $"SELECT {ObjectColumns} FROM objects o WHERE o.tenant = $tenant AND o.resource = $resource AND o.namespace = $namespace AND o.name = $name");
            command.Parameters.AddWithValue("$tenant", key.Tenant);
            command.Parameters.AddWithValue("$resource", key.Resource);
            command.Parameters.AddWithValue("$namespace", key.Namespace);
            command.Parameters.AddWithValue("$name", key.Name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadObject(reader, key.Tenant, key.Resource) : null;
        });
        return Task.FromResult(found);
    }

    public async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
    {
        var plan = OperationPlan.Build(tenant, operations);
        if (plan.Count == 0)
        {
            return [];
        }

        return await _database.WriteAsync<IReadOnlyList<StoredObject?>>(
            session =>
            {
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var results = new StoredObject?[plan.Count];
                for (var i = 0; i < plan.Count; i++)
                {
                    results[i] = Apply(session, plan[i], now);
                }

                return results;
            },
            cancellationToken);
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

        (string Namespace, string Name)? after = query.Continue is null ? null : SqliteContinueToken.Decode(query, query.Continue);
        var page = _database.Read(session =>
        {
            var command = session.Command(ListSql(query.Index is not null, query.Namespace is not null, after is not null));
            command.Parameters.AddWithValue("$tenant", query.Tenant);
            command.Parameters.AddWithValue("$resource", query.Resource);
            if (query.Index is { } entry)
            {
                command.Parameters.AddWithValue("$entry", entry.Index);
                command.Parameters.AddWithValue("$value", entry.Value);
            }

            if (query.Namespace is not null)
            {
                command.Parameters.AddWithValue("$namespace", query.Namespace);
            }

            if (after is { } last)
            {
                command.Parameters.AddWithValue("$afterNamespace", last.Namespace);
                command.Parameters.AddWithValue("$afterName", last.Name);
            }

            // One row beyond the limit tells whether another page exists without returning an empty last page.
            command.Parameters.AddWithValue("$limit", query.Limit is { } limit ? limit + 1 : -1);
            var items = new List<StoredObject>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(ReadObject(reader, query.Tenant, query.Resource));
            }

            return items;
        });

        if (query.Limit is { } pageSize && page.Count > pageSize)
        {
            page.RemoveAt(pageSize);
            var last = page[^1].Key;
            return Task.FromResult(new ObjectPage(page, SqliteContinueToken.Encode(query, last.Namespace, last.Name)));
        }

        return Task.FromResult(new ObjectPage(page, null));
    }

    public Task<string> GetPositionAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return Task.FromResult(Format(_database.Read(Head)));
    }

    public Task<ChangePage> ReadChangesAsync(string tenant, string after, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            throw Expired(tenant, after, "it is not a position of this store");
        }

        var page = _database.Read(session =>
        {
            var head = Head(session);
            if (from > head)
            {
                // From a database that was reset, or made up: nothing here follows it.
                throw Expired(tenant, after, $"the newest position is {head}");
            }

            var horizon = Horizon(session, tenant);
            if (from < horizon)
            {
                throw Expired(tenant, after, $"changes up to {horizon} were compacted");
            }

            var command = session.Command(
                "SELECT position, type, resource, namespace, name, indexes, json FROM changes WHERE tenant = $tenant AND position > $after ORDER BY position LIMIT $limit");
            command.Parameters.AddWithValue("$tenant", tenant);
            command.Parameters.AddWithValue("$after", from);
            command.Parameters.AddWithValue("$limit", limit + 1);
            var changes = new List<StoreChange>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = new ObjectKey(tenant, reader.GetString(2), reader.GetString(3), reader.GetString(4));
                var stored = new StoredObject(key, (byte[])reader.GetValue(6), Format(reader.GetInt64(0)), IndexColumn.Decode(reader.GetString(5)));
                changes.Add(new StoreChange((StoreChangeType)reader.GetInt32(1), stored));
            }

            if (changes.Count > limit)
            {
                changes.RemoveAt(limit);
                return new ChangePage(changes, changes[^1].Object.ResourceVersion, HasMore: true);
            }

            // Nothing of this tenant follows in this snapshot: the reader may go on from the newest position.
            return new ChangePage(changes, Format(head), HasMore: false);
        });
        return Task.FromResult(page);
    }

    public async Task<int> CompactAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var cutoff = before.ToUnixTimeMilliseconds();
        return await _database.WriteAsync(
            session =>
            {
                // Positions grow with time, so the changes before the cutoff are a prefix of the tenant's log: removing
                // up to the newest of them never leaves a hole that a reader could step over.
                var newest = session.Command("SELECT max(position) FROM changes WHERE tenant = $tenant AND committed_at < $cutoff");
                newest.Parameters.AddWithValue("$tenant", tenant);
                newest.Parameters.AddWithValue("$cutoff", cutoff);
                if (newest.ExecuteScalar() is not long through)
                {
                    return 0;
                }

                // The database's last change stays (Head): positions continue from it, even after a restart.
                var delete = session.Command("DELETE FROM changes WHERE tenant = $tenant AND position <= $through AND position < (SELECT max(position) FROM changes)");
                delete.Parameters.AddWithValue("$tenant", tenant);
                delete.Parameters.AddWithValue("$through", through);
                var removed = delete.ExecuteNonQuery();
                var horizon = session.Command(
                    "INSERT INTO change_horizons (tenant, compacted) VALUES ($tenant, $through) ON CONFLICT (tenant) DO UPDATE SET compacted = max(compacted, excluded.compacted)");
                horizon.Parameters.AddWithValue("$tenant", tenant);
                horizon.Parameters.AddWithValue("$through", through);
                horizon.ExecuteNonQuery();
                return removed;
            },
            cancellationToken);
    }

    private static StoredObject? Apply(SqliteSession session, PlannedOperation planned, long now)
    {
        var operation = planned.Operation;
        var key = operation.Key;
        switch (operation)
        {
            case StoreOperation.Create create:
            {
                var position = AppendChange(session, key, StoreChangeType.Added, planned.Indexes!, create.Json, now);
                var insert = session.Command(
                    "INSERT INTO objects (tenant, resource, namespace, name, version, indexes, json) VALUES ($tenant, $resource, $namespace, $name, $version, $indexes, $json) RETURNING id");
                AddKey(insert, key);
                insert.Parameters.AddWithValue("$version", position);
                insert.Parameters.AddWithValue("$indexes", IndexColumn.Encode(planned.Indexes!));
                insert.Parameters.AddWithValue("$json", create.Json);
                long id;
                try
                {
                    id = (long)insert.ExecuteScalar()!;
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19)
                {
                    throw new StoreException(StoreFailure.AlreadyExists, key, $"{key.Describe()} already exists.");
                }

                AddIndexRows(session, key, id, planned.Indexes!);
                return new StoredObject(key, create.Json, Format(position), planned.Indexes!);
            }

            case StoreOperation.Update update:
            {
                var current = Current(session, key, update.Previous);
                var position = AppendChange(session, key, StoreChangeType.Modified, planned.Indexes!, update.Json, now);
                var write = session.Command("UPDATE objects SET version = $version, indexes = $indexes, json = $json WHERE id = $id");
                write.Parameters.AddWithValue("$version", position);
                write.Parameters.AddWithValue("$indexes", IndexColumn.Encode(planned.Indexes!));
                write.Parameters.AddWithValue("$json", update.Json);
                write.Parameters.AddWithValue("$id", current.Id);
                write.ExecuteNonQuery();
                RemoveIndexRows(session, key, current.Indexes.Except(planned.Indexes!));
                AddIndexRows(session, key, current.Id, planned.Indexes!.Except(current.Indexes));
                return new StoredObject(key, update.Json, Format(position), planned.Indexes!);
            }

            case StoreOperation.Delete delete:
            {
                var current = Current(session, key, delete.Previous);
                AppendChange(session, key, StoreChangeType.Deleted, current.Indexes, current.Json, now);
                var remove = session.Command("DELETE FROM objects WHERE id = $id");
                remove.Parameters.AddWithValue("$id", current.Id);
                remove.ExecuteNonQuery();
                RemoveIndexRows(session, key, current.Indexes);
                return null;
            }

            default:
                throw new ArgumentException($"Unknown operation {operation.GetType().Name}.", nameof(planned));
        }
    }

    /// <summary>The stored row of an update or delete, checked against the version it was based on.</summary>
    private static (long Id, IReadOnlyList<IndexEntry> Indexes, byte[] Json) Current(SqliteSession session, ObjectKey key, StoredObject previous)
    {
        var read = session.Command("SELECT id, version, indexes, json FROM objects WHERE tenant = $tenant AND resource = $resource AND namespace = $namespace AND name = $name");
        AddKey(read, key);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            throw new StoreException(StoreFailure.NotFound, key, $"{key.Describe()} does not exist.");
        }

        if (Format(reader.GetInt64(1)) != previous.ResourceVersion)
        {
            throw new StoreException(StoreFailure.Conflict, key, $"{key.Describe()} was modified: the version it was based on is no longer the current one.");
        }

        return (reader.GetInt64(0), IndexColumn.Decode(reader.GetString(2)), (byte[])reader.GetValue(3));
    }

    private static long AppendChange(SqliteSession session, ObjectKey key, StoreChangeType type, IReadOnlyList<IndexEntry> indexes, byte[] json, long now)
    {
        var append = session.Command(
            "INSERT INTO changes (tenant, type, resource, namespace, name, indexes, json, committed_at) VALUES ($tenant, $type, $resource, $namespace, $name, $indexes, $json, $at) RETURNING position");
        AddKey(append, key);
        append.Parameters.AddWithValue("$type", (int)type);
        append.Parameters.AddWithValue("$indexes", IndexColumn.Encode(indexes));
        append.Parameters.AddWithValue("$json", json);
        append.Parameters.AddWithValue("$at", now);
        return (long)append.ExecuteScalar()!;
    }

    private static void AddIndexRows(SqliteSession session, ObjectKey key, long id, IEnumerable<IndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            var insert = session.Command(
                "INSERT INTO object_indexes (tenant, entry, value, resource, namespace, name, object_id) VALUES ($tenant, $entry, $value, $resource, $namespace, $name, $id)");
            AddKey(insert, key);
            insert.Parameters.AddWithValue("$entry", entry.Index);
            insert.Parameters.AddWithValue("$value", entry.Value);
            insert.Parameters.AddWithValue("$id", id);
            insert.ExecuteNonQuery();
        }
    }

    private static void RemoveIndexRows(SqliteSession session, ObjectKey key, IEnumerable<IndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            var delete = session.Command(
                "DELETE FROM object_indexes WHERE tenant = $tenant AND entry = $entry AND value = $value AND resource = $resource AND namespace = $namespace AND name = $name");
            AddKey(delete, key);
            delete.Parameters.AddWithValue("$entry", entry.Index);
            delete.Parameters.AddWithValue("$value", entry.Value);
            delete.ExecuteNonQuery();
        }
    }

    private static void AddKey(SqliteCommand command, ObjectKey key)
    {
        command.Parameters.AddWithValue("$tenant", key.Tenant);
        command.Parameters.AddWithValue("$resource", key.Resource);
        command.Parameters.AddWithValue("$namespace", key.Namespace);
        command.Parameters.AddWithValue("$name", key.Name);
    }

    private static StoredObject ReadObject(SqliteDataReader reader, string tenant, string resource) =>
        new(
            new ObjectKey(tenant, resource, reader.GetString(0), reader.GetString(1)),
            (byte[])reader.GetValue(4),
            Format(reader.GetInt64(2)),
            IndexColumn.Decode(reader.GetString(3)));

    private static string ListSql(bool throughIndex, bool inNamespace, bool continued)
    {
        var (from, prefix) = throughIndex
            ? ("object_indexes i JOIN objects o ON o.id = i.object_id", "i")
            : ("objects o", "o");
        var where = $"{prefix}.tenant = $tenant AND {prefix}.resource = $resource";
        if (throughIndex)
        {
            where += " AND i.entry = $entry AND i.value = $value";
        }

        if (inNamespace)
        {
            where += $" AND {prefix}.namespace = $namespace";
        }

        if (continued)
        {
            where += $" AND ({prefix}.namespace, {prefix}.name) > ($afterNamespace, $afterName)";
        }

        return $"SELECT {ObjectColumns} FROM {from} WHERE {where} ORDER BY {prefix}.namespace, {prefix}.name LIMIT $limit";
    }

    /// <summary>
    /// The newest position of the database (0 before the first change): the last row of <c>changes</c>, which
    /// compaction never removes, so that the next insert, at the largest position plus one, never reuses a position.
    /// </summary>
    private static long Head(SqliteSession session)
    {
        var command = session.Command("SELECT max(position) FROM changes");
        return command.ExecuteScalar() is long head ? head : 0;
    }

    /// <summary>The newest position compacted away from the tenant's log (0 before the first compaction).</summary>
    private static long Horizon(SqliteSession session, string tenant)
    {
        var command = session.Command("SELECT compacted FROM change_horizons WHERE tenant = $tenant");
        command.Parameters.AddWithValue("$tenant", tenant);
        return command.ExecuteScalar() is long horizon ? horizon : 0;
    }

    private static StoreException Expired(string tenant, string position, string reason) =>
        new(StoreFailure.Expired, null, $"The change log of tenant '{tenant}' cannot be read after position '{position}': {reason}.");

    private static string Format(long position) => position.ToString(CultureInfo.InvariantCulture);
}
