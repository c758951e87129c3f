namespace Orchestrator.Agent.Logs;

/// <summary>Uploads the answer to a log request with nothing but the request's upload URL.</summary>
internal interface ILogUploader
{
    Task UploadAsync(Uri uploadUrl, LogReadResult result, CancellationToken cancellationToken);
}
