using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// The scheduler: binds each tenant's pending pods (found through the node index under the empty node name) to
/// nodes that fit them. Each binding is a version-checked update, so two passes can never bind a pod twice.
/// </summary>
public sealed class SchedulerLoop : IControlLoop
{
    private readonly ObjectService _objects;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;

    public SchedulerLoop(ObjectService objects, TimeProvider time, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _time = time;
        _options = options.Value;
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
        var pending = await _objects.ListAllAsync(ResourceRegistry.Pods, key.Tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, ""), cancellationToken: cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var nodes = await _objects.ListAllAsync(ResourceRegistry.Nodes, key.Tenant, cancellationToken: cancellationToken);

        // What is already bound counts against each node. This reads the tenant's pods once per pass (not per pod
        // or per node); a per-node allocation summary can replace it when tenants grow large.
        var bound = (await _objects.ListAllAsync(ResourceRegistry.Pods, key.Tenant, cancellationToken: cancellationToken))
            .Select(p => p.Object)
            .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .ToList();
        var result = PodScheduler.Schedule([.. pending.Select(p => p.Object)], [.. nodes.Select(n => n.Object)], bound);

        var byUid = pending.ToDictionary(p => p.Object.Metadata.Uid!);
        var now = _time.GetUtcNow();
        var writes = new List<ObjectWrite>();
        foreach (var binding in result.Bindings)
        {
            var current = byUid[binding.Pod.Metadata.Uid!];
            var pod = ResourceRegistry.Pods.Clone(current.Object);
            pod.Spec!.NodeName = binding.NodeName;
            SetScheduled(pod, "True", null, null, now);
            writes.Add(_objects.PrepareUpdate(ResourceRegistry.Pods, current.Untyped(), pod, UpdateScope.Whole));
        }

        foreach (var unschedulable in result.Unschedulable)
        {
            var current = byUid[unschedulable.Pod.Metadata.Uid!];
            var pod = ResourceRegistry.Pods.Clone(current.Object);
            if (SetScheduled(pod, "False", "Unschedulable", unschedulable.Message, now))
            {
                writes.Add(_objects.PrepareUpdate(ResourceRegistry.Pods, current.Untyped(), pod, UpdateScope.Status));
            }
        }

        if (writes.Count > 0)
        {
            await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
        }
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
