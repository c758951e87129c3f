namespace Orchestrator.Agent.Logs;

/// <summary>
/// Answers log requests one after another, off the channel loop; a request that fails is logged and skipped (the API
/// answers its caller with a timeout).
/// </summary>
internal sealed partial class LogRequestWorker : BackgroundService
{
    private readonly LogRequestQueue _queue;
    private readonly LogRequestHandler _handler;
    private readonly ILogger<LogRequestWorker> _logger;

    public LogRequestWorker(LogRequestQueue queue, LogRequestHandler handler, ILogger<LogRequestWorker> logger)
    {
        _queue = queue;
        _handler = handler;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await _handler.HandleAsync(request, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.Failed(_logger, ex, request.RequestId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
