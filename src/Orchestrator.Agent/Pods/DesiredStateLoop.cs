using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Fetches the node's desired pods at start, on every nudge (bursts coalesce into one fetch) and every resync
/// interval, persists them, and wakes the pod worker. It never acts on a nudge's content: it always converges to the
/// whole list (decision 4).
/// </summary>
internal sealed partial class DesiredStateLoop : AgentLoop
{
    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly DesiredPodStore _store;
    private readonly AgentSignals _signals;
    private readonly TimeSpan _resyncInterval;
    private int _lastCount = -1;

    public DesiredStateLoop(
        NodeApiClient api,
        NodeIdentity identity,
        DesiredPodStore store,
        AgentSignals signals,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<DesiredStateLoop> logger)
        : base("desired-state", time, logger, TimeSpan.FromSeconds(1), options.Value.ResyncInterval)
    {
        _api = api;
        _identity = identity;
        _store = store;
        _signals = signals;
        _resyncInterval = options.Value.ResyncInterval;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var credential = await _identity.WaitAsync(cancellationToken);
        var list = await _api.ListPodsAsync(cancellationToken);
        var pods = new List<Pod>(list.Items.Count);
        foreach (var pod in list.Items)
        {
            if (pod.Spec?.NodeName != credential.NodeName || !PodFacts.IsUsable(pod))
            {
                Log.Ignored(Logger, pod.Metadata.Namespace, pod.Metadata.Name, pod.Spec?.NodeName);
                continue;
            }

            pods.Add(pod);
        }

        _store.Replace(pods);
        if (pods.Count != _lastCount)
        {
            Log.Fetched(Logger, pods.Count);
            _lastCount = pods.Count;
        }

        _signals.Reconcile.Set();
        return _resyncInterval;
    }

    protected override async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken)
    {
        if (afterFailure)
        {
            // A nudge during a back-off waits for it: the fetch right after covers the nudge anyway.
            await base.WaitAsync(delay, afterFailure, cancellationToken);
            return;
        }

        await _signals.FetchDesired.WaitAsync(delay, Time, cancellationToken);
    }
}
