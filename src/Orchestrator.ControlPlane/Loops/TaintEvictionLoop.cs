using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Kubernetes' taint-eviction controller: deletes (gracefully) the pods of nodes with <c>NoExecute</c> taints once
/// their tolerations run out, so their ReplicaSets replace them elsewhere. A node that gets a <c>NoExecute</c> taint
/// starts a pass at once; while any node has one, passes run every <see cref="LoopOptions.TaintEvictionPeriod"/>, which
/// bounds how late an eviction is. Without tainted nodes it resyncs every <see cref="LoopOptions.ControllerResyncPeriod"/>
/// only: a pass costs a node list, and at a pass a second that was most of an idle control plane's store reads.
/// </summary>
public sealed partial class TaintEvictionLoop : IControlLoop
{
    private const string Component = "taint-eviction-controller";

    private readonly ObjectService _objects;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;
    private readonly ILogger<TaintEvictionLoop> _logger;
    private readonly ConcurrentDictionary<string, bool> _taintedTenants = new(StringComparer.Ordinal);

    public TaintEvictionLoop(ObjectService objects, EventRecorder events, TimeProvider time, IOptions<LoopOptions> options, ILogger<TaintEvictionLoop> logger)
    {
        _objects = objects;
        _events = events;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public string Name => "TaintEviction";

    public TimeSpan ResyncPeriod => _taintedTenants.IsEmpty ? _options.ControllerResyncPeriod : _options.TaintEvictionPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        // A new NoExecute taint evicts the pods that do not tolerate it at once.
        if (change.Kind == ResourceRegistry.Nodes && change.New is Node { Spec.Taints: { Count: > 0 } taints } &&
            taints.Exists(t => t?.Effect == NodeTaints.NoExecute))
        {
            yield return new LoopKey(change.Tenant);
        }
    }

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        var nodes = await _objects.ListAllAsync(ResourceRegistry.Nodes, key.Tenant, cancellationToken: cancellationToken);
        var tainted = nodes.Where(n => n.Object.Spec?.Taints?.Exists(t => t?.Effect == NodeTaints.NoExecute) == true).ToList();
        if (tainted.Count == 0)
        {
            _taintedTenants.TryRemove(key.Tenant, out _);
            return;
        }

        _taintedTenants[key.Tenant] = true;

        var events = new List<EventRecord>();
        foreach (var node in tainted)
        {
            var name = node.Object.Metadata.Name!;
            var pods = await _objects.ListAllAsync(ResourceRegistry.Pods, key.Tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, name), cancellationToken: cancellationToken);
            var byUid = pods.ToDictionary(p => p.Object.Metadata.Uid!, StringComparer.Ordinal);
            var plan = TaintEvictionPlanner.Plan(node.Object, pods.Select(p => p.Object), _time.GetUtcNow());
            // Graceful, as any deletion of a bound pod: each turns Terminating and its ReplicaSet replaces it. One
            // batch per node; a pod changed meanwhile fails its batch, and the next pass plans again from what is.
            var writes = plan.Evict
                .Select(pod => _objects.PrepareDelete(ResourceRegistry.Pods, byUid[pod.Metadata.Uid!].Untyped(), DeletionOptions.Default))
                .OfType<ObjectWrite>()
                .ToList();
            if (writes.Count == 0)
            {
                continue;
            }

            try
            {
                await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
            }
            catch (ApiException e) when (e.Status.Code is 404 or 409)
            {
                LogEvictionSkipped(_logger, key.Tenant, name, e.Status.Code);
                continue;
            }

            foreach (var pod in writes.Select(w => (Pod)w.Old!))
            {
                LogEvicted(_logger, key.Tenant, pod.Metadata.Namespace, pod.Metadata.Name, name);
                events.Add(new EventRecord(pod, EventTypes.Normal, "TaintManagerEviction", $"Marking for deletion Pod {pod.Metadata.Namespace}/{pod.Metadata.Name}", Component));
            }
        }

        await _events.RecordAsync(key.Tenant, events, cancellationToken);
    }
}
