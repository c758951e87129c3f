using System.Net;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Sends buffered pod statuses in batches. A pod the server answers 404 or 409 for is gone or replaced: it is dropped
/// from the desired state so the pod worker stops its processes, and the desired pods are fetched again.
/// </summary>
internal sealed partial class StatusReportLoop : AgentLoop
{
    internal const int MaxBatch = 100;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly PodStatusBuffer _buffer;
    private readonly DesiredPodStore _desired;
    private readonly AgentSignals _signals;

    public StatusReportLoop(
        NodeApiClient api,
        NodeIdentity identity,
        PodStatusBuffer buffer,
        DesiredPodStore desired,
        AgentSignals signals,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<StatusReportLoop> logger)
        : base("pod-status", time, logger, TimeSpan.FromSeconds(1), options.Value.ResyncInterval)
    {
        _api = api;
        _identity = identity;
        _buffer = buffer;
        _desired = desired;
        _signals = signals;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _identity.WaitAsync(cancellationToken);
        var batch = _buffer.Peek(MaxBatch);
        if (batch.Count == 0)
        {
            return Idle;
        }

        var result = await _api.ReportPodStatusAsync(new PodStatusReport([.. batch.Select(entry => entry.Item)]), cancellationToken);
        var outcomes = new Dictionary<(string, string), int>();
        foreach (var outcome in result.Results ?? [])
        {
            outcomes[(outcome.Namespace, outcome.Name)] = outcome.Code;
        }

        var done = new List<BufferedStatus>(batch.Count);
        foreach (var entry in batch)
        {
            var item = entry.Item;
            var code = outcomes.TryGetValue((item.Namespace, item.Name), out var found) ? found : (int)HttpStatusCode.OK;
            switch (code)
            {
                case >= 200 and < 300:
                    break;
                case (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Conflict:
                    Log.PodGone(Logger, item.Namespace, item.Name, item.Uid, code);
                    if (_desired.Forget(item.Uid))
                    {
                        _signals.Reconcile.Set();
                    }

                    _signals.FetchDesired.Set();
                    break;
                case >= 500:
                    // Kept for the next attempt, unless a newer status replaces it.
                    Log.ItemRetry(Logger, item.Namespace, item.Name, code);
                    continue;
                default:
                    Log.ItemRefused(Logger, item.Namespace, item.Name, code);
                    break;
            }

            done.Add(entry);
        }

        _buffer.Acknowledge(done);
        if (done.Count < batch.Count)
        {
            return RetryPause;
        }

        return _buffer.Count > 0 ? TimeSpan.Zero : Idle;
    }

    protected override async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken)
    {
        if (!afterFailure && delay == Idle)
        {
            await _buffer.WaitAsync(delay, Time, cancellationToken);
        }
        else if (delay > TimeSpan.Zero)
        {
            await base.WaitAsync(delay, afterFailure, cancellationToken);
        }
    }
}
