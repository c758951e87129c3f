using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// Tenants (one partition <c>tenant</c>, row key the name) and API keys (partition the first two hex digits of the
/// key's SHA-256, row key the whole hash), so that authenticating a request is one point read. No plaintext key is
/// ever stored.
/// </summary>
internal sealed class TableIdentityStore : IIdentityStore
{
    private const string TenantPartition = "tenant";
    private const string CreatedAtProperty = "CreatedAt";
    private const string IdProperty = "Id";
    private const string TenantProperty = "Tenant";
    private const string RoleProperty = "Role";
    private const string NodeNameProperty = "NodeName";
    private const string ExpiresAtProperty = "ExpiresAt";
    private const string DescriptionProperty = "Description";
    private const int HashHexLength = 64;

    private static readonly string[] KeyColumns =
        ["RowKey", IdProperty, TenantProperty, RoleProperty, NodeNameProperty, CreatedAtProperty, ExpiresAtProperty, DescriptionProperty];

    private static readonly string[] TenantColumns = ["RowKey"];

    private readonly TableClient _tenants;
    private readonly TableClient _keys;

    public TableIdentityStore(TableServiceClient client, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _tenants = client.GetTableClient(TableNames.Tenants(options.Value.TablePrefix));
        _keys = client.GetTableClient(TableNames.ApiKeys(options.Value.TablePrefix));
    }

    public async Task<bool> CreateTenantAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TenantPartition, TenantRowKey(tenant)) { [CreatedAtProperty] = now };
        try
        {
            await _tenants.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TenantExistsAsync(string tenant, CancellationToken cancellationToken)
    {
        var response = await _tenants.GetEntityIfExistsAsync<TableEntity>(TenantPartition, TenantRowKey(tenant), TenantColumns, cancellationToken);
        return response.HasValue;
    }

    public async Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TenantPartition}");
        var tenants = new List<string>();
        await foreach (var row in _tenants.QueryAsync<TableEntity>(filter, 1000, TenantColumns, cancellationToken))
        {
            tenants.Add(TableKey.Unescape(row.RowKey));
        }

        return tenants;
    }

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = NormalizeHash(key.HashHex)
            ?? throw new ArgumentException("An API key record holds the lowercase hex SHA-256 of the key, never the key.", nameof(key));
        var entity = new TableEntity(hash[..2], hash)
        {
            [IdProperty] = key.Id,
            [TenantProperty] = key.Tenant,
            [RoleProperty] = key.Role,
            [CreatedAtProperty] = key.CreatedAt,
        };
        if (key.NodeName is not null)
        {
            entity[NodeNameProperty] = key.NodeName;
        }

        if (key.ExpiresAt is { } expiresAt)
        {
            entity[ExpiresAtProperty] = expiresAt;
        }

        if (key.Description is not null)
        {
            entity[DescriptionProperty] = key.Description;
        }

        try
        {
            await _keys.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new StoreException(StoreFailure.AlreadyExists, null, $"An API key with this hash already exists (id {key.Id}).");
        }
    }

    public async Task<ApiKeyRecord?> FindKeyByHashAsync(string hashHex, CancellationToken cancellationToken)
    {
        if (NormalizeHash(hashHex) is not { } hash)
        {
            return null;
        }

        var response = await _keys.GetEntityIfExistsAsync<TableEntity>(hash[..2], hash, KeyColumns, cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new ApiKeyRecord(
            row.GetString(IdProperty) ?? string.Empty,
            row.GetString(TenantProperty) ?? string.Empty,
            row.GetString(RoleProperty) ?? string.Empty,
            row.GetString(NodeNameProperty),
            hash,
            row.GetDateTimeOffset(CreatedAtProperty) ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset(ExpiresAtProperty),
            row.GetString(DescriptionProperty));
    }

    public async Task DeleteKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (NormalizeHash(key.HashHex) is not { } hash)
        {
            return;
        }

        try
        {
            await _keys.DeleteEntityAsync(hash[..2], hash, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }

    private static string TenantRowKey(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var rowKey = TableKey.Escape(tenant);
        return TableLimits.KeyBytes(rowKey) <= TableLimits.MaxKeyBytes
            ? rowKey
            : throw new StoreException(StoreFailure.TooLarge, null, $"Tenant name '{tenant}' is too long for a key (Azure allows 1 KiB a key).");
    }

    /// <summary>The lowercase form of a SHA-256 hex string, or null if it is not one.</summary>
    private static string? NormalizeHash(string? hashHex)
    {
        if (hashHex is null || hashHex.Length != HashHexLength || !hashHex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return hashHex.ToLowerInvariant();
    }
}
