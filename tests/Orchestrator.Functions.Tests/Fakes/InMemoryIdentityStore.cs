using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Functions.Tests.Fakes;

/// <summary>An <see cref="IIdentityStore"/> in memory: tenants and keys, keys found by their hash.</summary>
internal sealed class InMemoryIdentityStore : IIdentityStore
{
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiKeyRecord> _keysByHash = new(StringComparer.Ordinal);

    public Task<bool> CreateTenantAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tenants.Add(tenant));
        }
    }

    public Task<bool> TenantExistsAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tenants.Contains(tenant));
        }
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _tenants]);
        }
    }

    public Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _keysByHash.Add(key.HashHex, key);
        }

        return Task.CompletedTask;
    }

    public Task<ApiKeyRecord?> FindKeyByHashAsync(string hashHex, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_keysByHash.GetValueOrDefault(hashHex));
        }
    }

    public Task DeleteKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _keysByHash.Remove(key.HashHex);
        }

        return Task.CompletedTask;
    }
}
