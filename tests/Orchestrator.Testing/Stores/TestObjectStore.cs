using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Testing.Stores;

/// <summary>
/// The real SQLite object store over a database file of its own in a temporary folder (removed on dispose), counting
/// the commits that were applied, for tests of the control plane above the store.
/// </summary>
public sealed class TestObjectStore : DelegatingObjectStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly string _directory;
    private int _commitCount;

    public TestObjectStore(TimeProvider time)
        : this(time, CreateDatabase(out var directory), directory)
    {
    }

    private TestObjectStore(TimeProvider time, SqliteDatabase database, string directory)
        : base(new SqliteObjectStore(database, time, Options.Create(new SqliteStoreOptions { Path = database.Path })))
    {
        _database = database;
        _directory = directory;
    }

    /// <summary>Commits applied so far (refused ones do not count).</summary>
    public int CommitCount => Volatile.Read(ref _commitCount);

    public override async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
    {
        var results = await base.CommitAsync(tenant, operations, cancellationToken);
        if (operations.Count > 0)
        {
            Interlocked.Increment(ref _commitCount);
        }

        return results;
    }

    /// <summary>The keys of every object of <paramref name="tenant"/>, by resource, namespace and name.</summary>
    public IReadOnlyList<ObjectKey> Keys(string tenant) => _database.Read(session =>
    {
        var command = session.Command("SELECT resource, namespace, name FROM objects WHERE tenant = $tenant ORDER BY resource, namespace, name");
        command.Parameters.AddWithValue("$tenant", tenant);
        var keys = new List<ObjectKey>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(new ObjectKey(tenant, reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return keys;
    });

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static SqliteDatabase CreateDatabase(out string directory)
    {
        directory = Directory.CreateTempSubdirectory("orch-store-").FullName;
        return new SqliteDatabase(Options.Create(new SqliteStoreOptions { Path = Path.Combine(directory, "state.db") }));
    }
}
