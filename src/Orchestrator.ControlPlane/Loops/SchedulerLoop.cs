using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// The scheduler: binds each tenant's pending pods (found through the node index under the empty node name) to
/// nodes that fit them, and records <c>Scheduled</c> and <c>FailedScheduling</c> events. Each binding is a
/// version-checked update, and every transaction of a pass also updates the tenant's <see cref="SchedulerPassToken"/>,
/// so two concurrent passes never bind a pod twice nor overcommit a node: the later one plans again on fresh state.
/// The pods already bound are kept between passes in a <see cref="BoundPodCache"/> rather than read on every pass.
/// </summary>
public sealed partial class SchedulerLoop : IControlLoop
{
    /// <summary>Passes a reconcile tries before leaving the conflict to the runner's retry.</summary>
    private const int MaxAttempts = 3;

    /// <summary>How many resync periods a cache of bound pods is trusted before it is read again in full.</summary>
    private const int CacheResyncPeriods = 3;

    private readonly ObjectService _objects;
    private readonly IObjectStore _store;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;
    private readonly ILogger<SchedulerLoop> _logger;
    private readonly BoundPodCache _bound = new();

    public SchedulerLoop(
        ObjectService objects, IObjectStore store, EventRecorder events, TimeProvider time, IOptions<LoopOptions> options, ILogger<SchedulerLoop> logger)
    {
        _objects = objects;
        _store = store;
        _events = events;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public string Name => "Scheduler";

    public TimeSpan ResyncPeriod => _options.SchedulerResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        ArgumentNullException.ThrowIfNull(change);

        // Every pod change seen in this process keeps the cache of bound pods current (deletions free room at once).
        _bound.Observe(change);

        // Pod status reports are frequent and change nothing the scheduler weighs; creations, deletions and node
        // changes do.
        var relevant = change.Kind == ResourceRegistry.Nodes ||
            (change.Kind == ResourceRegistry.Pods && (change.Old is null || change.New is null));
        return relevant ? [new LoopKey(change.Tenant)] : [];
    }

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PassAsync(key.Tenant, cancellationToken);
                return;
            }
            catch (ApiException e) when (e.Status.Code == 409 && attempt < MaxAttempts)
            {
                LogPassConflict(_logger, key.Tenant, attempt);
            }
        }
    }

    private async Task PassAsync(string tenant, CancellationToken cancellationToken)
    {
        // The token is read before anything the plan depends on: if another pass commits after this read, this
        // pass's commit fails rather than acting on what it read.
        var token = await SchedulerPassToken.ReadAsync(_store, tenant, cancellationToken);
        var pending = await _objects.ListAllAsync(ResourceRegistry.Pods, tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, ""), cancellationToken: cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var nodes = await _objects.ListAllAsync(ResourceRegistry.Nodes, tenant, cancellationToken: cancellationToken);
        List<Pod> pendingPods = [.. pending.Select(p => p.Object)];
        List<Node> nodeObjects = [.. nodes.Select(n => n.Object)];
        var now = _time.GetUtcNow();

        // What is already bound counts against each node. It comes from this instance's cache (ADR 0016) while the
        // pass token shows no other writer since and the cache is young enough; otherwise from one full read.
        var bound = _bound.TryGet(tenant, token.Version, now - (CacheResyncPeriods * _options.SchedulerResyncPeriod));
        var fresh = bound is null;
        bound ??= await ReadBoundAsync(tenant, token.Version, now, cancellationToken);
        var result = PodScheduler.Schedule(pendingPods, nodeObjects, bound);
        if (!fresh && result.Unschedulable.Count > 0)
        {
            // The cache may still count pods that finished or were deleted elsewhere: a pod is only reported
            // unschedulable by a plan made on a full read.
            LogCacheReadForUnschedulable(_logger, tenant, result.Unschedulable.Count);
            bound = await ReadBoundAsync(tenant, token.Version, now, cancellationToken);
            result = PodScheduler.Schedule(pendingPods, nodeObjects, bound);
        }

        var byUid = pending.ToDictionary(p => p.Object.Metadata.Uid!);
        var writes = new List<ObjectWrite>();
        var events = new List<EventRecord>();
        var bindings = new List<Pod>(result.Bindings.Count);
        foreach (var binding in result.Bindings)
        {
            var current = byUid[binding.Pod.Metadata.Uid!];
            var pod = ResourceRegistry.Pods.Clone(current.Object);
            pod.Spec!.NodeName = binding.NodeName;
            SetScheduled(pod, "True", null, null, now);
            writes.Add(_objects.PrepareUpdate(ResourceRegistry.Pods, current.Untyped(), pod, UpdateScope.Whole));
            bindings.Add(pod);
            events.Add(new EventRecord(current.Object, EventTypes.Normal, "Scheduled",
                $"Successfully assigned {current.Object.Metadata.Namespace}/{current.Object.Metadata.Name} to {binding.NodeName}",
                ObjectDefaults.DefaultSchedulerName));
        }

        foreach (var unschedulable in result.Unschedulable)
        {
            var current = byUid[unschedulable.Pod.Metadata.Uid!];
            var pod = ResourceRegistry.Pods.Clone(current.Object);
            if (SetScheduled(pod, "False", "Unschedulable", unschedulable.Message, now))
            {
                writes.Add(_objects.PrepareUpdate(ResourceRegistry.Pods, current.Untyped(), pod, UpdateScope.Status));
            }

            // Every failed attempt is an event, as in Kubernetes; the recorder folds repeats into a count.
            events.Add(new EventRecord(current.Object, EventTypes.Warning, "FailedScheduling", unschedulable.Message, ObjectDefaults.DefaultSchedulerName));
        }

        if (writes.Count > 0)
        {
            var planned = token.Version;
            try
            {
                await _objects.CommitGuardedAsync(tenant, writes, token, cancellationToken);
            }
            catch
            {
                // Some transactions of the pass may have committed: which bindings hold is only known from a read.
                _bound.Invalidate(tenant);
                throw;
            }

            _bound.Committed(tenant, planned, token.Version, bindings);
        }

        await _events.RecordAsync(tenant, events, cancellationToken);
    }

    /// <summary>Reads every pod of the tenant and keeps those bound to a node, as of the token version read before.</summary>
    private async Task<List<Pod>> ReadBoundAsync(string tenant, string tokenVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = await _objects.ListAllAsync(ResourceRegistry.Pods, tenant, cancellationToken: cancellationToken);
        List<Pod> bound = [.. all.Select(p => p.Object).Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))];
        _bound.Fill(tenant, tokenVersion, bound, now);
        LogBoundPodsRead(_logger, tenant, bound.Count, all.Count);
        return bound;
    }

    /// <summary>Sets the <c>PodScheduled</c> condition; false when it already said the same.</summary>
    private static bool SetScheduled(Pod pod, string status, string? reason, string? message, DateTimeOffset now)
    {
        pod.Status ??= new PodStatus { Phase = "Pending" };
        var conditions = pod.Status.Conditions ??= [];
        var existing = conditions.FirstOrDefault(c => c.Type == "PodScheduled");
        if (existing is not null && existing.Status == status && existing.Reason == reason && existing.Message == message)
        {
            return false;
        }

        conditions.RemoveAll(c => c.Type == "PodScheduled");
        conditions.Add(new PodCondition
        {
            Type = "PodScheduled",
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = existing?.Status == status ? existing.LastTransitionTime : now,
        });
        return true;
    }
}
