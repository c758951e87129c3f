using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Orchestrator.AzureSdk;
using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Logs;

/// <summary>
/// Uploads an answer as one blob through its write-only SAS URL, in a single request so the control plane never sees
/// half an answer. The outcome travels in metadata, named by <see cref="LogAnswerFormat"/>.
/// </summary>
internal sealed class BlobLogUploader : ILogUploader
{
    public async Task UploadAsync(Uri uploadUrl, LogReadResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        ArgumentNullException.ThrowIfNull(result);
        var blob = new BlobClient(uploadUrl, new BlobClientOptions().AddRequestCounting(AzureRequestCounting.Blob));
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [LogAnswerFormat.OutcomeKey] = result.Succeeded ? LogAnswerFormat.Ok : LogAnswerFormat.Error },
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" },

            // One Put Blob for anything the sources send (they cap a log at a few MiB).
            TransferOptions = new Azure.Storage.StorageTransferOptions { InitialTransferSize = 64 * 1024 * 1024, MaximumTransferSize = 64 * 1024 * 1024 },
        };
        await blob.UploadAsync(BinaryData.FromString(result.Text), options, cancellationToken);
    }
}
