using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.Core.Channels;

namespace Orchestrator.Storage.Logs;

/// <summary>
/// The log exchange over Blob Storage: one blob a request, <c>&lt;tenant&gt;/&lt;requestId&gt;</c> in container
/// <c>logs</c>; the agent gets a SAS (a service SAS with the account key, or a user delegation SAS with an Entra ID
/// credential) that can create and write that one blob only.
/// </summary>
internal sealed class BlobLogExchange : ILogExchange
{
    /// <summary>The blob container of the answers.</summary>
    public const string ContainerName = "logs";

    // Create and Write only: the agent can neither read nor list other answers, nor delete.
    private const BlobSasPermissions UploadPermissions = BlobSasPermissions.Create | BlobSasPermissions.Write;

    private readonly BlobContainerClient _container;
    private readonly IUploadUrlSigner _signer;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;

    /// <summary>Creates the exchange over a client holding the account key, which signs the upload URLs.</summary>
    public BlobLogExchange(BlobServiceClient service, TimeProvider time)
        : this(service, new AccountKeyUploadUrlSigner(), time)
    {
        if (!_container.CanGenerateSasUri)
        {
            throw new ArgumentException("The storage connection string must include the account key: upload URLs are signed with it.", nameof(service));
        }
    }

    internal BlobLogExchange(BlobServiceClient service, IUploadUrlSigner signer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(time);
        _container = service.GetBlobContainerClient(ContainerName);
        _signer = signer;
        _time = time;
    }

    public async Task<LogUpload> CreateUploadAsync(string tenant, string nodeName, string requestId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        // The SAS is the credential, so any holder can answer: the node's name plays no part here.
        await EnsureContainerAsync(cancellationToken);
        var blob = BlobFor(tenant, requestId);

        // The SAS carries whole seconds; the upload says exactly what the SAS says.
        var now = _time.GetUtcNow();
        var expiresOn = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + lifetime;
        var sas = new BlobSasBuilder(UploadPermissions, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = blob.Name,
            Resource = "b",
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        return new LogUpload(await _signer.SignAsync(blob, sas, cancellationToken), expiresOn);
    }

    public async Task<LogAnswer?> TryTakeAsync(string tenant, string requestId, CancellationToken cancellationToken)
    {
        var blob = BlobFor(tenant, requestId);
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        var succeeded = !download.Details.Metadata.TryGetValue(LogAnswerFormat.OutcomeKey, out var outcome) || outcome != LogAnswerFormat.Error;
        return new LogAnswer(succeeded, download.Content.ToString());
    }

    public async Task DeleteAsync(string tenant, string requestId, CancellationToken cancellationToken) =>
        await BlobFor(tenant, requestId).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private BlobClient BlobFor(string tenant, string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return _container.GetBlobClient($"{tenant}/{requestId}");
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _createGate.Release();
        }
    }
}
