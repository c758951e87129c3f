using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Services;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Converges the runtime to the desired pods, at start (from the persisted desired state, even offline), whenever the
/// desired state changes or a container exits, and every second otherwise (which also notices adopted processes that
/// died and back-offs that ran out). Stops run in the background, so a long grace period delays no other pod. Pod
/// statuses that changed are buffered for reporting, and all of them after each successful fetch.
/// </summary>
internal sealed partial class PodWorker : AgentLoop
{
    internal static readonly TimeSpan Housekeeping = TimeSpan.FromSeconds(1);

    private readonly DesiredPodStore _desired;
    private readonly IRuntimeDriver _runtime;
    private readonly PodReconciler _reconciler;
    private readonly PodStatusBuffer _buffer;
    private readonly NodeAddressResolver _addresses;
    private readonly AgentSignals _signals;
    private readonly ProbeSupervisor _probes;
    private readonly ServiceTable? _services;
    private readonly Dictionary<ContainerKey, Task> _stopping = [];
    private readonly Dictionary<ContainerKey, StartFailure> _startFailures = [];
    private readonly Dictionary<string, PodStatus> _lastStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastReported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finalQueued = new(StringComparer.Ordinal);
    private long _reportedGeneration;

    public PodWorker(
        DesiredPodStore desired,
        IRuntimeDriver runtime,
        PodReconciler reconciler,
        PodStatusBuffer buffer,
        NodeAddressResolver addresses,
        AgentSignals signals,
        ProbeSupervisor probes,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<PodWorker> logger,
        ServiceTable? services = null)
        : base("pods", time, logger, TimeSpan.FromSeconds(1), options.Value.ResyncInterval)
    {
        _services = services;
        _desired = desired;
        _runtime = runtime;
        _reconciler = reconciler;
        _buffer = buffer;
        _addresses = addresses;
        _signals = signals;
        _probes = probes;
        _runtime.ContainerExited += (_, _) => _signals.Reconcile.Set();
    }

    /// <summary>One pass: plan, act, and buffer the statuses that changed.</summary>
    internal async Task SyncAsync(CancellationToken cancellationToken)
    {
        var (pods, fetchGeneration) = _desired.Read();
        if (pods is null)
        {
            // Nothing fetched or persisted yet: without a desired state, leave whatever runs alone.
            return;
        }

        foreach (var done in _stopping.Where(pair => pair.Value.IsCompleted).Select(pair => pair.Key).ToList())
        {
            _stopping.Remove(done);
        }

        var containers = await _runtime.ListAsync(cancellationToken);
        _probes.Update(pods, containers, _addresses.InternalIP);
        var kills = _probes.Snapshot().Where(pair => pair.Value.Kill is not null).ToDictionary(pair => pair.Key, pair => pair.Value.Kill!);
        var plan = _reconciler.Plan(new ReconcileInput(pods, containers, _stopping.Keys.ToHashSet(), _startFailures, Time.GetUtcNow(), kills));
        await ApplyAsync(plan, cancellationToken);
        if (plan.HasActions)
        {
            containers = await _runtime.ListAsync(cancellationToken);
            _probes.Update(pods, containers, _addresses.InternalIP);
        }

        var fullReport = fetchGeneration != _reportedGeneration;
        _reportedGeneration = fetchGeneration;
        BufferStatuses(pods, containers, plan, fullReport);
        Prune(pods);
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken);
        return Housekeeping;
    }

    protected override async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken)
    {
        if (afterFailure)
        {
            await base.WaitAsync(delay, afterFailure, cancellationToken);
            return;
        }

        await _signals.Reconcile.WaitAsync(delay, Time, cancellationToken);
    }

    private async Task ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        foreach (var stop in plan.Stops)
        {
            Log.StoppingContainer(Logger, stop.Key, stop.Reason);
            _stopping[stop.Key] = StopAsync(stop, cancellationToken);
        }

        foreach (var key in plan.Removals)
        {
            await _runtime.RemoveAsync(key, cancellationToken);
        }

        foreach (var planned in plan.Starts)
        {
            // Kubernetes semantics: a container sees the Services that exist when it starts.
            var launch = _services is null ? planned : planned with { Services = _services.LinksFor(planned.Namespace, planned.EnableServiceLinks) };
            try
            {
                await _runtime.StartAsync(launch, cancellationToken);
                _startFailures.Remove(launch.Key);
            }
            catch (ContainerCreateException ex)
            {
                var attempts = _startFailures.TryGetValue(launch.Key, out var previous) && previous.SpecHash == launch.SpecHash ? previous.Attempts + 1 : 1;
                _startFailures[launch.Key] = new StartFailure(launch.SpecHash, ex.Reason, ex.Message, Time.GetUtcNow(), attempts);
                Log.StartFailed(Logger, launch.Key, launch.Namespace, launch.PodName, ex.Reason, ex.Message);
            }
        }
    }

    private async Task StopAsync(ContainerStop stop, CancellationToken cancellationToken)
    {
        try
        {
            await _runtime.StopAsync(stop.Key, stop.GracePeriod, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is shutting down: the process keeps running and the next run decides again.
        }
        catch (Exception ex)
        {
            Log.StopFailed(Logger, ex, stop.Key);
        }
        finally
        {
            _signals.Reconcile.Set();
        }
    }

    private void BufferStatuses(IReadOnlyList<Pod> pods, IReadOnlyList<RuntimeContainer> containers, ReconcilePlan plan, bool fullReport)
    {
        var byPod = containers.ToLookup(container => container.Key.PodUid, StringComparer.Ordinal);
        var hostIp = _addresses.InternalIP;
        var now = Time.GetUtcNow();
        var probes = _probes.Snapshot();
        foreach (var pod in pods)
        {
            if (!PodFacts.IsUsable(pod))
            {
                continue;
            }

            var uid = PodFacts.Uid(pod);
            var previous = _lastStatus.TryGetValue(uid, out var last) ? last : pod.Status;
            var status = PodStatusBuilder.Build(new PodStatusInput(
                pod,
                _reconciler.Supports(pod),
                _reconciler.RuntimeClassName,
                byPod[uid].ToDictionary(container => container.Key.ContainerName, StringComparer.Ordinal),
                plan.BackingOff,
                _startFailures,
                previous,
                hostIp,
                now,
                probes));
            _lastStatus[uid] = status;

            // A terminating pod whose containers have all stopped reports its last status; once the control plane has
            // it, the status loop finalizes the pod.
            var final = pod.Metadata.DeletionTimestamp is not null &&
                byPod[uid].All(container => !container.IsRunning) &&
                !_stopping.Keys.Any(key => key.PodUid == uid);
            var json = JsonSerializer.Serialize(status, NodeApiJsonContext.Default.PodStatus);

            // After a fetch, every pod whose status the control plane shows otherwise (another writer changed it, or an
            // earlier report was lost) is reported again: the agent's view of its pods wins. One it shows as is is not.
            var differs = fullReport && (pod.Status is null || JsonSerializer.Serialize(pod.Status, NodeApiJsonContext.Default.PodStatus) != json);
            if (differs || !_lastReported.TryGetValue(uid, out var reported) || reported != json || (final && _finalQueued.Add(uid)))
            {
                _buffer.Enqueue(new PodStatusReportItem(pod.Metadata.Namespace!, pod.Metadata.Name!, uid, status), final);
                _lastReported[uid] = json;
                if (final)
                {
                    _finalQueued.Add(uid);
                }
            }
        }
    }

    private void Prune(IReadOnlyList<Pod> pods)
    {
        var uids = pods.Select(PodFacts.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var uid in _lastStatus.Keys.Where(uid => !uids.Contains(uid)).ToList())
        {
            _lastStatus.Remove(uid);
            _lastReported.Remove(uid);
        }

        _finalQueued.RemoveWhere(uid => !uids.Contains(uid));

        foreach (var key in _startFailures.Keys.Where(key => !uids.Contains(key.PodUid)).ToList())
        {
            _startFailures.Remove(key);
        }
    }
}
