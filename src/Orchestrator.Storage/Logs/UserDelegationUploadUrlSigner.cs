using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Orchestrator.Storage.Logs;

/// <summary>
/// Signs upload URLs as user delegation SAS, for an account reached with an Entra ID credential (no account key).
/// One key serves every URL until it no longer outlives the URL being signed; then a new one is fetched.
/// </summary>
internal sealed class UserDelegationUploadUrlSigner : IUploadUrlSigner
{
    /// <summary>How long a fetched key is valid; the service allows at most seven days.</summary>
    internal static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1);

    private readonly Func<DateTimeOffset, CancellationToken, Task<UserDelegationKey>> _getKey;
    private readonly string _accountName;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private UserDelegationKey? _key;

    public UserDelegationUploadUrlSigner(BlobServiceClient service, TimeProvider time)
        : this(
            async (expiresOn, cancellationToken) => (await service.GetUserDelegationKeyAsync(null, expiresOn, cancellationToken)).Value,
            service.AccountName,
            time)
    {
    }

    internal UserDelegationUploadUrlSigner(
        Func<DateTimeOffset, CancellationToken, Task<UserDelegationKey>> getKey,
        string accountName,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(getKey);
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(time);
        _getKey = getKey;
        _accountName = accountName;
        _time = time;
    }

    public async ValueTask<Uri> SignAsync(BlobClient blob, BlobSasBuilder sas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(sas);
        var key = await KeyCoveringAsync(sas.ExpiresOn, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, _accountName) }.ToUri();
    }

    // A SAS stops working when its key expires, so the key must outlive the SAS it signs.
    private async Task<UserDelegationKey> KeyCoveringAsync(DateTimeOffset sasExpiresOn, CancellationToken cancellationToken)
    {
        var key = _key;
        if (key is not null && key.SignedExpiresOn >= sasExpiresOn)
        {
            return key;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is null || _key.SignedExpiresOn < sasExpiresOn)
            {
                var expiresOn = _time.GetUtcNow() + KeyLifetime;
                _key = await _getKey(sasExpiresOn > expiresOn ? sasExpiresOn : expiresOn, cancellationToken);
            }

            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
