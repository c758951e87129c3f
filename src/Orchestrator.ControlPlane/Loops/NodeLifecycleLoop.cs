using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Kubernetes' node-lifecycle controller: marks a node <c>Ready=Unknown</c> once its lease is older than the grace
/// period, keeps the not-ready and unreachable taints in line with its Ready condition, and marks the pods of a node
/// that is not Ready not ready, all in one commit per pass. Eviction is <see cref="TaintEvictionLoop"/>'s job.
/// </summary>
public sealed class NodeLifecycleLoop : IControlLoop
{
    private const string Component = "node-controller";

    private readonly ObjectService _objects;
    private readonly ILeaseStore _leases;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;

    public NodeLifecycleLoop(ObjectService objects, ILeaseStore leases, EventRecorder events, TimeProvider time, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _leases = leases;
        _events = events;
        _time = time;
        _options = options.Value;
    }

    public string Name => "NodeLifecycle";

    public TimeSpan ResyncPeriod => _options.NodeMonitorPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        // A node's own status report (Ready again, or False) changes its taints: act on it now, not at the next tick.
        if (change.Kind == ResourceRegistry.Nodes && change.New is not null)
        {
            yield return new LoopKey(change.Tenant);
        }
    }

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        var nodes = await _objects.ListAllAsync(ResourceRegistry.Nodes, key.Tenant, cancellationToken: cancellationToken);
        if (nodes.Count == 0)
        {
            return;
        }

        var leases = (await _leases.ListAsync(key.Tenant, cancellationToken)).ToDictionary(l => l.NodeName, l => l.RenewTime);
        var now = _time.GetUtcNow();
        var writes = new List<ObjectWrite>();
        var events = new List<EventRecord>();
        foreach (var node in nodes)
        {
            var name = node.Object.Metadata.Name!;
            var renewed = leases.TryGetValue(name, out var time) ? time : (DateTimeOffset?)null;
            var actions = NodeLifecycleReconciler.Plan(node.Object, renewed, now, _options.NodeGracePeriod);
            var current = node.Object;
            if (actions.ChangesNode)
            {
                current = ResourceRegistry.Nodes.Clone(node.Object);
                if (actions.Ready is { } ready)
                {
                    current.Status ??= new();
                    current.Status.Conditions = [.. (current.Status.Conditions ?? []).Where(c => c?.Type != "Ready"), ready];
                }

                if (actions.Taints is { } taints)
                {
                    current.Spec ??= new();
                    current.Spec.Taints = taints;
                }

                writes.Add(_objects.PrepareUpdate(ResourceRegistry.Nodes, node.Untyped(), current, UpdateScope.Whole));
            }

            if (actions.TurnedNotReady)
            {
                events.Add(new EventRecord(current, EventTypes.Normal, "NodeNotReady", $"Node {name} status is now: NodeNotReady", Component));
            }

            if (!actions.IsReady && HasReported(current))
            {
                await MarkPodsNotReadyAsync(key.Tenant, name, now, writes, events, cancellationToken);
            }
        }

        if (writes.Count > 0)
        {
            await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
        }

        await _events.RecordAsync(key.Tenant, events, cancellationToken);
    }

    private static bool HasReported(Node node) => node.Status?.Conditions?.Exists(c => c?.Type == "Ready") == true;

    /// <summary>Kubernetes' <c>MarkPodsNotReady</c>: traffic leaves the pods of a node that cannot vouch for them.</summary>
    private async Task MarkPodsNotReadyAsync(string tenant, string node, DateTimeOffset now, List<ObjectWrite> writes, List<EventRecord> events, CancellationToken cancellationToken)
    {
        var pods = await _objects.ListAllAsync(ResourceRegistry.Pods, tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, node), cancellationToken: cancellationToken);
        foreach (var pod in pods)
        {
            if (NodeLifecycleReconciler.PodNotReady(pod.Object, now) is not { } condition)
            {
                continue;
            }

            var updated = ResourceRegistry.Pods.Clone(pod.Object);
            updated.Status!.Conditions = [.. updated.Status.Conditions!.Where(c => c is not null).Select(c => c.Type == "Ready" ? condition : c)];
            writes.Add(_objects.PrepareUpdate(ResourceRegistry.Pods, pod.Untyped(), updated, UpdateScope.Status));
            events.Add(new EventRecord(updated, EventTypes.Warning, "NodeNotReady", "Node is not ready", Component));
        }
    }
}
