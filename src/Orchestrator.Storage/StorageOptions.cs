namespace Orchestrator.Storage;

/// <summary>Where the Table Storage state lives: the account's connection string and the prefix of the table names.</summary>
public sealed class StorageOptions
{
    /// <summary>Connection string of the storage account (required); <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Prefix of every table name (<c>{prefix}objects</c>, <c>{prefix}leases</c>, <c>{prefix}tenants</c>,
    /// <c>{prefix}apikeys</c>): a letter then letters or digits, at most 56 characters.
    /// </summary>
    public string TablePrefix { get; set; } = "orch";

    /// <summary>
    /// Number of partitions a tenant's node leases are spread over (1–256). Changing it moves where a node's lease is
    /// written; keep it fixed once agents run.
    /// </summary>
    public int LeaseBucketCount { get; set; } = 16;
}
