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
/// </summary>
public sealed partial class SchedulerLoop : IControlLoop
{
    /// <summary>Passes a reconcile tries before leaving the conflict to the runner's retry.</summary>
    private const int MaxAttempts = 3;

    private readonly ObjectService _objects;
    private readonly IObjectStore _store;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;
    private readonly ILogger<SchedulerLoop> _logger;

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
        // Pod status reports are frequent and change nothing the scheduler weighs; creations, deletions and node
        // changes do.
        var relevant = change.Kind == ResourceRegistry.Nodes ||
            (change.Kind == ResourceRegistry.Pods && (change.Old is null || change.New is null));
        if (relevant)
        {
            yield return new LoopKey(change.Tenant);
        }
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

        // What is already bound counts against each node. This reads the tenant's pods once per pass (not per pod
        // or per node); a per-node allocation summary can replace it when tenants grow large.
        var bound = (await _objects.ListAllAsync(ResourceRegistry.Pods, tenant, cancellationToken: cancellationToken))
            .Select(p => p.Object)
            .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .ToList();
        var result = PodScheduler.Schedule([.. pending.Select(p => p.Object)], [.. nodes.Select(n => n.Object)], bound);

        var byUid = pending.ToDictionary(p => p.Object.Metadata.Uid!);
        var now = _time.GetUtcNow();
        var writes = new List<ObjectWrite>();
        var events = new List<EventRecord>();
        foreach (var binding in result.Bindings)
        {
            var current = byUid[binding.Pod.Metadata.Uid!];
            var pod = ResourceRegistry.Pods.Clone(current.Object);
            pod.Spec!.NodeName = binding.NodeName;
            SetScheduled(pod, "True", null, null, now);
            writes.Add(_objects.PrepareUpdate(ResourceRegistry.Pods, current.Untyped(), pod, UpdateScope.Whole));
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
            await _objects.CommitGuardedAsync(tenant, writes, token, cancellationToken);
        }

        await _events.RecordAsync(tenant, events, cancellationToken);
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
