namespace Orchestrator.ControlPlane.Store;

/// <summary>Tenants and their credentials.</summary>
public interface IIdentityStore
{
    /// <summary>Creates the tenant; returns false if it already exists.</summary>
    Task<bool> CreateTenantAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> TenantExistsAsync(string tenant, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken);

    Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Point lookup by the SHA-256 (lowercase hex) of a presented key.</summary>
    Task<ApiKeyRecord?> FindKeyByHashAsync(string hashHex, CancellationToken cancellationToken);

    Task DeleteKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);
}
