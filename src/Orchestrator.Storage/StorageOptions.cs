using Azure.Core;

namespace Orchestrator.Storage;

/// <summary>
/// Where the Table Storage state lives: the account, reached either with a connection string or with its service
/// endpoints and an Entra ID credential, and the prefix of the table names.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>
    /// Connection string of the storage account, with its key; <c>UseDevelopmentStorage=true</c> for Azurite. Set
    /// either this or <see cref="TableServiceUri"/>, <see cref="BlobServiceUri"/> and <see cref="Credential"/>.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Table endpoint of the account (<c>https://&lt;account&gt;.table.core.windows.net/</c>) in identity mode.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Blob endpoint of the account (<c>https://&lt;account&gt;.blob.core.windows.net/</c>) in identity mode.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>
    /// The Entra ID credential of identity mode (a managed identity in Azure). It needs Storage Table Data Contributor
    /// and a blob role that may get a user delegation key (Storage Blob Data Contributor or Owner).
    /// </summary>
    public TokenCredential? Credential { get; set; }

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

    /// <summary>
    /// Number of partitions a tenant's objects are spread over (1–64), and as many again for its Events (docs/adr/0020).
    /// Azure serves about 2,000 entities a second per partition. Changing it moves where every object lives; keep it
    /// fixed once the store holds data.
    /// </summary>
    public int ObjectBucketCount { get; set; } = 8;

    /// <summary>True when the account is reached with <see cref="Credential"/> rather than a connection string.</summary>
    internal bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString);
}
