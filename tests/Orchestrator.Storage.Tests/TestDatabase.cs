using Microsoft.Extensions.Time.Testing;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>The SQLite stores over a fresh database file in a temporary folder, removed on dispose.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly string _directory;

    public TestDatabase(TimeProvider? time = null)
    {
        _directory = Directory.CreateTempSubdirectory("orch-sqlite-tests-").FullName;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));
        Options = new SqliteStoreOptions { Path = System.IO.Path.Combine(_directory, "state.db") };
        Database = new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(Options));
        Objects = new SqliteObjectStore(Database, Time, Microsoft.Extensions.Options.Options.Create(Options));
        Leases = new SqliteLeaseStore(Database);
        Identity = new SqliteIdentityStore(Database);
    }

    public TimeProvider Time { get; }

    public SqliteStoreOptions Options { get; }

    public string Path => Options.Path;

    public SqliteDatabase Database { get; private set; }

    public SqliteObjectStore Objects { get; private set; }

    public SqliteLeaseStore Leases { get; }

    public SqliteIdentityStore Identity { get; }

    /// <summary>Closes the database and opens the same file again, as a restarted server does.</summary>
    public void Reopen()
    {
        Database.Dispose();
        Database = new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(Options));
        Objects = new SqliteObjectStore(Database, Time, Microsoft.Extensions.Options.Options.Create(Options));
    }

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
