namespace Orchestrator.Agent.Hosting;

/// <summary>
/// A background loop of the agent: each iteration is caught, logged and backed off, so one failure never stops the
/// loop and never makes it spin. Subclasses return how long to wait before their next iteration.
/// </summary>
internal abstract partial class AgentLoop : BackgroundService
{
    private readonly string _name;
    private readonly RetryBackoff _backoff;

    protected AgentLoop(string name, TimeProvider time, ILogger logger, TimeSpan retryInitial, TimeSpan retryMax)
    {
        _name = name;
        Time = time;
        Logger = logger;
        _backoff = new RetryBackoff(retryInitial, retryMax);
    }

    protected TimeProvider Time { get; }

    protected ILogger Logger { get; }

    /// <summary>Runs one iteration and returns the delay before the next.</summary>
    protected internal abstract Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Waits between iterations; <paramref name="afterFailure"/> tells a back-off from a regular pause.</summary>
    protected virtual Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken) =>
        Task.Delay(delay, Time, cancellationToken);

    /// <summary>Lets a subclass treat some failures differently; return null for the standard back-off.</summary>
    protected virtual TimeSpan? OnFailure(Exception exception) => null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            var failed = false;
            try
            {
                delay = await RunOnceAsync(stoppingToken);
                if (_backoff.Failures > 0)
                {
                    Log.Recovered(Logger, _name, _backoff.Failures);
                }

                _backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failed = true;
                delay = OnFailure(ex) ?? _backoff.Next(ex);
                LogFailure(ex, delay);
            }

            try
            {
                await WaitAsync(delay, failed, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void LogFailure(Exception exception, TimeSpan delay)
    {
        switch (exception)
        {
            case Api.NodeApiException { IsCredentialRejected: true } rejected:
                Log.CredentialRejected(Logger, _name, rejected.StatusCode, rejected.Message, delay);
                break;
            case Api.NodeApiException or HttpRequestException or TaskCanceledException or TimeoutException:
                // Expected while the control plane is unreachable: no stack trace.
                Log.Unreachable(Logger, _name, exception.Message, delay);
                break;
            case NotSupportedException:
                Log.NotSupported(Logger, _name, exception.Message, delay);
                break;
            default:
                Log.Failed(Logger, exception, _name, delay);
                break;
        }
    }
}
