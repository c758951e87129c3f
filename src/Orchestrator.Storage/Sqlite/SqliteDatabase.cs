using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// The standalone server's database: one SQLite file in WAL mode (docs/adr/0019). Writes go through one connection,
/// one transaction at a time (SQLite has a single writer; taking turns here rather than in SQLite's busy handler keeps
/// them fair and cheap); reads use their own connections, which WAL lets run beside the writer. Each connection keeps
/// its prepared statements.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>The schema this build writes; a database of a newer one is refused rather than misread.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Idle reader connections kept open; more are opened under load and closed when returned.</summary>
    private const int MaxIdleReaders = 16;

    private static readonly string[] Schema =
    [
        """
        CREATE TABLE objects (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
            version INTEGER NOT NULL, indexes TEXT NOT NULL, json BLOB NOT NULL)
        """,
        "CREATE UNIQUE INDEX objects_by_key ON objects (tenant, resource, namespace, name)",
        """
        CREATE TABLE object_indexes (
            tenant TEXT NOT NULL, entry TEXT NOT NULL, value TEXT NOT NULL,
            resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, object_id INTEGER NOT NULL,
            PRIMARY KEY (tenant, entry, value, resource, namespace, name)) WITHOUT ROWID
        """,
        """
        CREATE TABLE changes (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL, type INTEGER NOT NULL,
            resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
            indexes TEXT NOT NULL, json BLOB NOT NULL, committed_at INTEGER NOT NULL)
        """,
        "CREATE INDEX changes_by_tenant ON changes (tenant, position)",
        "CREATE TABLE change_horizons (tenant TEXT PRIMARY KEY, compacted INTEGER NOT NULL) WITHOUT ROWID",
        """
        CREATE TABLE leases (
            tenant TEXT NOT NULL, node TEXT NOT NULL, holder TEXT NOT NULL,
            renew_time INTEGER NOT NULL, duration_seconds INTEGER NOT NULL,
            PRIMARY KEY (tenant, node)) WITHOUT ROWID
        """,
        "CREATE TABLE tenants (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL) WITHOUT ROWID",
        """
        CREATE TABLE api_keys (
            hash TEXT PRIMARY KEY, id TEXT NOT NULL, tenant TEXT NOT NULL, role TEXT NOT NULL, node_name TEXT,
            created_at INTEGER NOT NULL, expires_at INTEGER, description TEXT) WITHOUT ROWID
        """,
    ];

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteSession _writer;
    private readonly ConcurrentBag<SqliteSession> _readers = [];

    public SqliteDatabase(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Path = path;

        // Connections are kept here (the writer, idle readers), so the provider's own pool is not needed.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _writer = Open();
        try
        {
            Migrate(_writer.Connection);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one immediate transaction on the writer connection and commits it; an exception
    /// rolls everything back. Writes take turns: one transaction at a time.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.Connection.BeginTransaction(deferred: false);
            _writer.Transaction = transaction;
            try
            {
                var result = work(_writer);
                transaction.Commit();
                return result;
            }
            finally
            {
                _writer.Transaction = null;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a reader connection, inside one read transaction (a consistent snapshot).</summary>
    public T Read<T>(Func<SqliteSession, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_readers.TryTake(out var session))
        {
            session = Open();
        }

        try
        {
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            session.Transaction = transaction;
            try
            {
                return work(session);
            }
            finally
            {
                session.Transaction = null;
            }
        }
        finally
        {
            if (_readers.Count < MaxIdleReaders)
            {
                _readers.Add(session);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _writeGate.Dispose();
    }

    private SqliteSession Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // WAL: readers never block the writer nor the writer them. NORMAL: a commit is durable once the WAL is
            // synced at the next checkpoint; a power loss may lose the last commits but never corrupts the file.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";
            pragma.ExecuteNonQuery();
        }

        return new SqliteSession(connection);
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current == SchemaVersion)
        {
            return;
        }

        if (current != 0)
        {
            throw new InvalidOperationException(
                $"The database '{connection.DataSource}' has schema version {current}; this build knows version {SchemaVersion} and will not change it.");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var statement in Schema)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }

        using (var stamp = connection.CreateCommand())
        {
            stamp.Transaction = transaction;
            stamp.CommandText = $"PRAGMA user_version = {SchemaVersion}";
            stamp.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
