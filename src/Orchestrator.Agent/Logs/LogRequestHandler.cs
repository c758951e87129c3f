using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Logs;

/// <summary>Answers one log request: reads the log from the runtime that knows the container, and uploads it (or why there is none).</summary>
internal sealed partial class LogRequestHandler
{
    private readonly IEnumerable<ILogSource> _sources;
    private readonly ILogUploader _uploader;
    private readonly TimeProvider _time;
    private readonly ILogger<LogRequestHandler> _logger;

    public LogRequestHandler(IEnumerable<ILogSource> sources, ILogUploader uploader, TimeProvider time, ILogger<LogRequestHandler> logger)
    {
        _sources = sources;
        _uploader = uploader;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(LogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_time.GetUtcNow() >= request.ExpiresOn)
        {
            // The upload URL no longer works, and the API stopped waiting long ago.
            Log.Expired(_logger, request.RequestId, request.Namespace, request.PodName);
            return;
        }

        // An absolute URL is the credential: it is used here and never logged. A relative one is a route of the server.
        if (!Uri.TryCreate(request.UploadUrl, UriKind.RelativeOrAbsolute, out var uploadUrl))
        {
            Log.BadUploadUrl(_logger, request.RequestId);
            return;
        }

        var query = new LogQuery(request.PodName, request.PodUid, request.Container, request.TailLines, request.SinceSeconds, request.Timestamps, request.Previous);
        var result = await ReadAsync(query, cancellationToken);
        await _uploader.UploadAsync(uploadUrl, result, cancellationToken);
        Log.Answered(_logger, request.RequestId, request.Namespace, request.PodName, request.Container, result.Succeeded);
    }

    private async Task<LogReadResult> ReadAsync(LogQuery query, CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
        {
            if (await source.ReadAsync(query, cancellationToken) is { } result)
            {
                return result;
            }
        }

        return LogReadResult.Error($"container \"{query.Container}\" in pod \"{query.PodName}\" is waiting to start: ContainerCreating");
    }
}
