using System.Collections.Concurrent;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Auth;

/// <summary>
/// Resolves a bearer key to its caller. Lookups are cached (hits and misses) so that a request costs no store round
/// trip in the common case and a flood of bad keys cannot hammer the store. As the Kubernetes API server caches token
/// reviews: a known key for 2 minutes (so a deleted key can work that much longer), an unknown one for 30 seconds.
/// An agent renewing its lease every 10 s thus costs one key lookup per 2 minutes, not one per 30 seconds.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private static readonly TimeSpan HitLifetime = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MissLifetime = TimeSpan.FromSeconds(30);
    private const int MaxCacheEntries = 10_000;

    private readonly IIdentityStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Record, DateTimeOffset CachedAt)> _cache = new(StringComparer.Ordinal);

    public ApiKeyAuthenticator(IIdentityStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The caller for an <c>Authorization</c> header value, or null when it is missing, unknown or expired.</summary>
    public async Task<CallerIdentity?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length > 512)
        {
            return null;
        }

        var key = authorization[Scheme.Length..].Trim();
        if (key.Length == 0)
        {
            return null;
        }

        var hash = ApiKeys.Hash(key);
        var now = _time.GetUtcNow();
        ApiKeyRecord? record;
        if (_cache.TryGetValue(hash, out var cached) && now - cached.CachedAt < (cached.Record is null ? MissLifetime : HitLifetime))
        {
            record = cached.Record;
        }
        else
        {
            record = await _store.FindKeyByHashAsync(hash, cancellationToken);
            if (_cache.Count >= MaxCacheEntries)
            {
                _cache.Clear();
            }

            _cache[hash] = (record, now);
        }

        if (record is null || (record.ExpiresAt is { } expires && expires <= now))
        {
            return null;
        }

        return new CallerIdentity(record.Tenant, record.Role, record.NodeName, record.Id);
    }
}
