using System.Security.Cryptography;
using System.Text;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Auth;

/// <summary>
/// Issues keys and checks presented ones. A key is 32 random bytes; only its SHA-256 is stored (a fast hash is
/// enough for a secret of that entropy), so a leaked table holds no usable credential.
/// </summary>
public sealed class ApiKeys
{
    private readonly IIdentityStore _store;
    private readonly TimeProvider _time;

    public ApiKeys(IIdentityStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Creates a key and returns its plaintext, which is never stored and cannot be shown again.</summary>
    public async Task<(string Key, ApiKeyRecord Record)> IssueAsync(string tenant, string role, string? nodeName, TimeSpan? lifetime, string? description, CancellationToken cancellationToken)
    {
        var key = "orch_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var hash = Hash(key);
        var now = _time.GetUtcNow();
        var record = new ApiKeyRecord(hash[..12], tenant, role, nodeName, hash, now, lifetime is { } l ? now + l : null, description);
        await _store.AddKeyAsync(record, cancellationToken);
        return (key, record);
    }

    /// <summary>SHA-256 of the key as lowercase hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
