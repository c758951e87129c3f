using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// The standalone server's database: one SQLite file in WAL mode (docs/adr/0019). Writes go through one connection:
/// SQLite has a single writer, so a write queues, and the caller that finds no one writing becomes the writer and runs
/// every write waiting then in one transaction (group commit; a lone write runs at once on its caller's thread), each
/// in a savepoint of its own, so that one that fails leaves no trace while the others commit. Reads use their own
/// connections, which WAL lets run beside the writer. Each connection keeps its prepared statements.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>Writes one transaction takes at most, so that the first of them does not wait for long.</summary>
    private const int MaxWritesPerTransaction = 64;

    private const string Savepoint = "SAVEPOINT write";
    private const string ReleaseSavepoint = "RELEASE write";
    private const string RollbackToSavepoint = "ROLLBACK TO write";

    /// <summary>The schema this build writes; a database of a newer one is refused rather than misread.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Idle reader connections kept open; more are opened under load and closed when returned.</summary>
    private const int MaxIdleReaders = 64;

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
            position INTEGER PRIMARY KEY,
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
    private readonly ConcurrentQueue<IWrite> _writes = new();
    private readonly SqliteSession _writer;
    private int _writing;
    private int _lastBatch;
    private bool _disposed;
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

    /// <summary>A write waiting for the writer loop.</summary>
    private interface IWrite
    {
        CancellationToken CancellationToken { get; }

        /// <summary>
        /// Runs the write in the open transaction, within a savepoint of its own when <paramref name="savepoint"/>; a
        /// failure is kept, not thrown, and undone to the savepoint. Returns false when it failed.
        /// </summary>
        bool Run(SqliteSession session, bool savepoint);

        /// <summary>Tells the caller: its result once the transaction committed, or why not.</summary>
        void Complete(Exception? transactionFailure);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection, in a transaction it may share with other writes, and
    /// returns once that transaction committed. An exception from <paramref name="work"/> rolls back everything it did
    /// (and only that) and is thrown here.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var write = new Write<T>(work, cancellationToken);
        _writes.Enqueue(write);

        // Whoever finds no writer writes everything queued, until the queue is empty; a write queued just as the
        // writer gave up is picked up by its own caller, which then finds no writer.
        while (!_writes.IsEmpty && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            try
            {
                WriteQueued();
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }

        return write.Task;
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
        _disposed = true;
        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>
    /// Runs the writes queued, a transaction at a time, each between a savepoint and its release (or a rollback to it
    /// when it fails), commits, and tells each caller; until the queue is empty.
    /// </summary>
    private void WriteQueued()
    {
        var batch = new List<IWrite>(MaxWritesPerTransaction);
        while (true)
        {
            while (batch.Count < MaxWritesPerTransaction && _writes.TryDequeue(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Complete(new OperationCanceledException(write.CancellationToken));
                }
                else
                {
                    batch.Add(write);
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            if (batch.Count < MaxWritesPerTransaction && Interlocked.Exchange(ref _lastBatch, batch.Count) > 1)
            {
                // Writes are coming in together: give the callers just woken a moment to queue theirs too.
                Thread.Yield();
                while (batch.Count < MaxWritesPerTransaction && _writes.TryDequeue(out var late))
                {
                    batch.Add(late);
                }
            }

            Exception? failure = null;
            try
            {
                using var transaction = _writer.Connection.BeginTransaction(deferred: false);
                _writer.Transaction = transaction;
                try
                {
                    if (batch is [var alone])
                    {
                        // Alone in its transaction: a failure rolls the transaction back, no savepoint needed.
                        if (!alone.Run(_writer, savepoint: false))
                        {
                            transaction.Rollback();
                        }
                        else
                        {
                            transaction.Commit();
                        }
                    }
                    else
                    {
                        foreach (var write in batch)
                        {
                            write.Run(_writer, savepoint: true);
                        }

                        transaction.Commit();
                    }
                }
                finally
                {
                    _writer.Transaction = null;
                }
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                // The transaction itself failed (disk full, I/O error): none of its writes committed.
                failure = e;
            }

            foreach (var write in batch)
            {
                write.Complete(failure);
            }

            batch.Clear();
        }
    }

    private SqliteSession Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // WAL: readers never block the writer nor the writer them. NORMAL: a commit is durable once the WAL is
            // synced at the next checkpoint; a power loss may lose the last commits but never corrupts the file.
            // Memory-mapped reads share the operating system's page cache between connections instead of copying
            // pages through read(2) into each connection's small cache.
            // A checkpoint (which syncs) every 40 MB of WAL rather than every 4 MB.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; " +
                "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 10000;";
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

    /// <summary>A write of <typeparamref name="T"/> and the task its caller awaits.</summary>
    private sealed class Write<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken) : IWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _failure;

        public Task<T> Task => _completion.Task;

        public CancellationToken CancellationToken => cancellationToken;

        public bool Run(SqliteSession session, bool savepoint)
        {
            if (savepoint)
            {
                session.Command(Savepoint).ExecuteNonQuery();
            }

            try
            {
                _result = work(session);
                if (savepoint)
                {
                    session.Command(ReleaseSavepoint).ExecuteNonQuery();
                }

                return true;
            }
#pragma warning disable CA1031 // The failure belongs to this write's caller; the others of the transaction go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = e;
                if (savepoint)
                {
                    session.Command(RollbackToSavepoint).ExecuteNonQuery();
                    session.Command(ReleaseSavepoint).ExecuteNonQuery();
                }

                return false;
            }
        }

        public void Complete(Exception? transactionFailure)
        {
            if (transactionFailure is OperationCanceledException)
            {
                _completion.TrySetCanceled(cancellationToken);
            }
            else if ((transactionFailure ?? _failure) is { } failure)
            {
                _completion.TrySetException(failure);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }
    }
}
