using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage;

namespace Orchestrator.Testing.Fakes;

/// <summary>
/// An <see cref="IIdentityStore"/> in memory with the contract of the Table Storage one: keys are found by their
/// SHA-256 (lowercase hex, compared case-insensitively), a record that does not hold such a hash is refused, a
/// duplicate hash fails with <see cref="StoreFailure.AlreadyExists"/>, and deleting a missing key is a no-op.
/// </summary>
public sealed class InMemoryIdentityStore : IIdentityStore
{
    private const int HashHexLength = 64;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, string> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiKeyRecord> _keysByHash = new(StringComparer.Ordinal);

    /// <summary>Every stored key record, as the table would hold it.</summary>
    public IReadOnlyList<ApiKeyRecord> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _keysByHash.Values];
            }
        }
    }

    public Task<bool> CreateTenantAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate)
        {
            return Task.FromResult(_tenants.TryAdd(TableKey.Escape(tenant), tenant));
        }
    }

    public Task<bool> TenantExistsAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        lock (_gate)
        {
            return Task.FromResult(_tenants.ContainsKey(TableKey.Escape(tenant)));
        }
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _tenants.Values]);
        }
    }

    public Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = NormalizeHash(key.HashHex)
            ?? throw new ArgumentException("An API key record holds the lowercase hex SHA-256 of the key, never the key.", nameof(key));
        lock (_gate)
        {
            if (!_keysByHash.TryAdd(hash, key with { HashHex = hash }))
            {
                throw new StoreException(StoreFailure.AlreadyExists, null, $"An API key with this hash already exists (id {key.Id}).");
            }
        }

        return Task.CompletedTask;
    }

    public Task<ApiKeyRecord?> FindKeyByHashAsync(string hashHex, CancellationToken cancellationToken)
    {
        if (NormalizeHash(hashHex) is not { } hash)
        {
            return Task.FromResult<ApiKeyRecord?>(null);
        }

        lock (_gate)
        {
            return Task.FromResult(_keysByHash.GetValueOrDefault(hash));
        }
    }

    public Task DeleteKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (NormalizeHash(key.HashHex) is { } hash)
        {
            lock (_gate)
            {
                _keysByHash.Remove(hash);
            }
        }

        return Task.CompletedTask;
    }

    private static string? NormalizeHash(string? hashHex) =>
        hashHex is { Length: HashHexLength } && hashHex.All(char.IsAsciiHexDigit) ? hashHex.ToLowerInvariant() : null;
}
