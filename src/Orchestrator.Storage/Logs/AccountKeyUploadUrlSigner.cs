using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Orchestrator.Storage.Logs;

/// <summary>Signs upload URLs as service SAS with the account key of the connection string.</summary>
internal sealed class AccountKeyUploadUrlSigner : IUploadUrlSigner
{
    public ValueTask<Uri> SignAsync(BlobClient blob, BlobSasBuilder sas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return ValueTask.FromResult(blob.GenerateSasUri(sas));
    }
}
