namespace Orchestrator.Storage.Sqlite;

/// <summary>Where the standalone server's SQLite database lives.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Path of the database file (created with its folder on first start); the WAL files sit beside it.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// Operations one commit may hold. SQLite has no limit of its own; this bounds how long one transaction holds the
    /// single writer, so that large batches (a ReplicaSet creating thousands of pods) let other writes in between.
    /// </summary>
    public int MaxOperationsPerCommit { get; set; } = 500;
}
