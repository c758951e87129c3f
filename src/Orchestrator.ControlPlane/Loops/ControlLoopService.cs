using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Hosts one loop in a long-running process (the standalone server): reconciles dirty keys as soon as writes
/// signal them, retries failed keys with a short back-off, and resyncs everything every <see cref="IControlLoop.ResyncPeriod"/>.
/// </summary>
public sealed partial class ControlLoopService : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IControlLoop _loop;
    private readonly LoopQueue _queue;
    private readonly ControlLoopRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger<ControlLoopService> _logger;

    public ControlLoopService(IControlLoop loop, LoopSignals signals, ControlLoopRunner runner, TimeProvider time, ILogger<ControlLoopService> logger)
    {
        _loop = loop;
        _queue = signals.QueueOf(loop);
        _runner = runner;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextResync = _time.GetUtcNow();
        var retry = new List<LoopKey>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextResync)
                {
                    nextResync = _time.GetUtcNow() + _loop.ResyncPeriod;
                    await _runner.ResyncAsync(_loop, stoppingToken);
                }

                var keys = _queue.Drain();
                keys.AddRange(retry);
                retry.Clear();
                if (keys.Count > 0)
                {
                    retry.AddRange(await _runner.RunAsync(_loop, keys.Distinct(), stoppingToken));

                    // A loop whose period shrinks after what a pass saw (taint eviction, once a node is tainted) gets its
                    // next resync that much sooner; a fixed period leaves the schedule as it was.
                    var sooner = _time.GetUtcNow() + _loop.ResyncPeriod;
                    nextResync = sooner < nextResync ? sooner : nextResync;
                }

                var wait = retry.Count > 0 ? RetryDelay : nextResync - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await _queue.WaitAsync(wait, _time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogPassFailed(_logger, _loop.Name, e);
                await Task.Delay(RetryDelay, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Loop}: a pass failed; backing off")]
    private static partial void LogPassFailed(ILogger logger, string loop, Exception exception);
}
