using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Marks a node <c>Ready=Unknown</c> once its lease is older than the grace period, so the scheduler stops placing
/// pods there. (Tainting and eviction build on this later.)
/// </summary>
public sealed class NodeLifecycleLoop : IControlLoop
{
    private readonly ObjectService _objects;
    private readonly ILeaseStore _leases;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;

    public NodeLifecycleLoop(ObjectService objects, ILeaseStore leases, TimeProvider time, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _leases = leases;
        _time = time;
        _options = options.Value;
    }

    public string Name => "NodeLifecycle";

    public TimeSpan ResyncPeriod => _options.NodeMonitorPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change) => [];

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
        foreach (var node in nodes)
        {
            var renewed = leases.TryGetValue(node.Object.Metadata.Name!, out var time) ? time : (DateTimeOffset?)null;
            if (NodeLifecycleReconciler.Reconcile(node.Object, renewed, now, _options.NodeGracePeriod) is not { } ready)
            {
                continue;
            }

            var updated = ResourceRegistry.Nodes.Clone(node.Object);
            updated.Status ??= new();
            updated.Status.Conditions = [.. (updated.Status.Conditions ?? []).Where(c => c.Type != "Ready"), ready];
            writes.Add(_objects.PrepareUpdate(ResourceRegistry.Nodes, node.Untyped(), updated, UpdateScope.Status));
        }

        if (writes.Count > 0)
        {
            await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
        }
    }
}
