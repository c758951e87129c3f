using Orchestrator.Core.Objects;
using Orchestrator.Agent.Hosting;

namespace Orchestrator.Agent.Probes;

/// <summary>
/// Runs one probe of one container run every <c>periodSeconds</c>, as the kubelet's probe worker: nothing before
/// <c>initialDelaySeconds</c> after the container started, liveness and readiness only once startup succeeded,
/// results published through <see cref="ProbeThreshold"/>. A failed liveness or startup probe ends the worker: the
/// container is killed, and its next run gets new workers.
/// </summary>
internal sealed partial class ProbeWorker
{
    private readonly ProbeKind _kind;
    private readonly Probe _probe;
    private readonly ProbeTiming _timing;
    private readonly ContainerProbeRun _run;
    private readonly IProbeRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProbeThreshold _threshold;
    private readonly WakeSignal _trigger = new();

    public ProbeWorker(ProbeKind kind, Probe probe, ContainerProbeRun run, IProbeRunner runner, TimeProvider time, ILogger logger)
    {
        _kind = kind;
        _probe = probe;
        _timing = ProbeTiming.Of(probe, kind);
        _run = run;
        _runner = runner;
        _time = time;
        _logger = logger;
        _threshold = new ProbeThreshold(
            _timing.SuccessThreshold,
            _timing.FailureThreshold,
            kind switch
            {
                ProbeKind.Liveness => ProbeResult.Success,
                ProbeKind.Readiness => ProbeResult.Failure,
                _ => ProbeResult.Unknown,
            });
    }

    /// <summary>Probes now instead of at the next period.</summary>
    public void Trigger() => _trigger.Set();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ProbeOnceAsync(cancellationToken))
            {
                await _trigger.WaitAsync(_timing.Period, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The container stopped or the agent shuts down.
        }
        catch (Exception ex)
        {
            Log.WorkerFailed(_logger, ex, _kind, _run.Target.Key);
        }
    }

    /// <summary>One tick of the worker; false when it has nothing more to do for this container run.</summary>
    internal async Task<bool> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var started = _run.Started;
        if (_kind == ProbeKind.Startup && started)
        {
            return false;
        }

        if ((_kind != ProbeKind.Startup && !started) || _time.GetUtcNow() - _run.StartedAt < _timing.InitialDelay)
        {
            return true;
        }

        ProbeOutcome outcome;
        try
        {
            outcome = await _runner.RunAsync(_probe, _run.Target, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // As the kubelet: an error of the prober itself (the runtime did not answer) is no result; try again next period.
            Log.ProberError(_logger, _kind, _run.Target.Key, ex.Message);
            return true;
        }

        if (!outcome.Success)
        {
            Log.ProbeFailed(_logger, _kind, _run.Target.Key, outcome.Message);
        }

        if (_threshold.Observe(outcome.Success))
        {
            Log.ResultChanged(_logger, _kind, _run.Target.Key, _threshold.Current, outcome.Message);
            _run.Publish(_kind, _threshold.Current, _probe);
        }

        return !(_kind is ProbeKind.Liveness or ProbeKind.Startup && _threshold.Current == ProbeResult.Failure);
    }
}
