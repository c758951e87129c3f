using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Orchestrator.Storage.Logs;

/// <summary>Turns a blob and the SAS it should carry into the URL the agent uploads to.</summary>
internal interface IUploadUrlSigner
{
    ValueTask<Uri> SignAsync(BlobClient blob, BlobSasBuilder sas, CancellationToken cancellationToken);
}
