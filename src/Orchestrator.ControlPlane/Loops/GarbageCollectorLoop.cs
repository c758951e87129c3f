using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Cascading deletion: for each owner deleted with a garbage marker, deletes its dependents (found through the owner
/// index), then the marker. Deleting a ReplicaSet this way leaves a marker of its own, so pods follow.
/// </summary>
public sealed class GarbageCollectorLoop : IControlLoop
{
    private static readonly ResourceKind[] DependentKinds = [ResourceRegistry.ReplicaSets, ResourceRegistry.Pods];

    private readonly ObjectService _objects;
    private readonly IObjectStore _store;
    private readonly LoopOptions _options;

    public GarbageCollectorLoop(ObjectService objects, IObjectStore store, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _store = store;
        _options = options.Value;
    }

    public string Name => "GarbageCollector";

    public TimeSpan ResyncPeriod => _options.GarbageCollectorResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        if (change.New is null && (change.Kind == ResourceRegistry.Deployments || change.Kind == ResourceRegistry.ReplicaSets))
        {
            yield return new LoopKey(change.Tenant);
        }
    }

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var markers = await _store.ListAsync(new ObjectListQuery(key.Tenant, GarbageMarkers.Resource, Limit: 100, Continue: token), cancellationToken);
            foreach (var marker in markers.Items)
            {
                await CollectAsync(key.Tenant, marker, cancellationToken);
            }

            token = markers.Continue;
        }
        while (token is not null);
    }

    private async Task CollectAsync(string tenant, StoredObject marker, CancellationToken cancellationToken)
    {
        var ownerUid = marker.Key.Name;
        var writes = new List<ObjectWrite>();
        foreach (var kind in DependentKinds)
        {
            var (items, _) = await _objects.ListAsync(kind, new ObjectListQuery(tenant, kind.QualifiedName, Index: new IndexEntry(ResourceRegistry.OwnerIndex, ownerUid), Limit: 1000), cancellationToken);
            writes.AddRange(items.Select(item => ObjectService.PrepareDelete(kind, item, cascade: kind != ResourceRegistry.Pods)));
        }

        if (writes.Count > 0)
        {
            await _objects.CommitAsync(tenant, writes, cancellationToken);
        }

        // Only once no dependent is left: a page limit or a conflict leaves the marker for the next pass.
        var remaining = 0;
        foreach (var kind in DependentKinds)
        {
            remaining += (await _store.ListAsync(new ObjectListQuery(tenant, kind.QualifiedName, Index: new IndexEntry(ResourceRegistry.OwnerIndex, ownerUid), Limit: 1), cancellationToken)).Items.Count;
        }

        if (remaining == 0)
        {
            await _store.CommitAsync(tenant, [new StoreOperation.Delete(marker)], cancellationToken);
        }
    }
}
