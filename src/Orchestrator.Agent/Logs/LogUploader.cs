using System.Net;
using Orchestrator.Agent.Api;

namespace Orchestrator.Agent.Logs;

/// <summary>
/// Uploads an answer where its request says: a relative URL is a route of the control plane the agent joined (the
/// standalone server), put with the node's own credential through <see cref="NodeApiClient"/>; an absolute URL is a
/// blob's write-only SAS (Azure), written by <see cref="BlobLogUploader"/>.
/// </summary>
internal sealed class LogUploader : ILogUploader
{
    private readonly NodeApiClient _api;
    private readonly BlobLogUploader _blobs;

    public LogUploader(NodeApiClient api, BlobLogUploader blobs)
    {
        _api = api;
        _blobs = blobs;
    }

    public async Task UploadAsync(Uri uploadUrl, LogReadResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        ArgumentNullException.ThrowIfNull(result);
        if (uploadUrl.IsAbsoluteUri)
        {
            await _blobs.UploadAsync(uploadUrl, result, cancellationToken);
            return;
        }

        try
        {
            await _api.UploadLogAsync(uploadUrl.OriginalString, result.Succeeded, result.Text, cancellationToken);
        }
        catch (NodeApiException ex) when (ex.StatusCode == (int)HttpStatusCode.RequestEntityTooLarge && result.Succeeded)
        {
            // Say why instead of leaving the user to a timeout: the server takes a bounded answer.
            await _api.UploadLogAsync(
                uploadUrl.OriginalString,
                succeeded: false,
                "the log is larger than the control plane accepts; ask for less with tailLines or sinceSeconds",
                cancellationToken);
        }
    }
}
