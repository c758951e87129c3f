using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// The garbage collector, driven by the durable markers that deletions leave (see <see cref="GarbageMarkers"/>), so
/// that a crash at any point leaves the work for the next pass and nothing is ever scanned:
/// <list type="bullet">
/// <item>Background: once the owner is gone, its dependents (found through the owner index) are deleted.</item>
/// <item>Foreground (finalizer <c>foregroundDeletion</c>): the dependents are deleted (ReplicaSets in foreground
/// too) and the finalizer is removed once none is left, so the owner goes last.</item>
/// <item>Orphan (finalizer <c>orphan</c>): the dependents' references to the owner are removed, then the finalizer.</item>
/// <item>PodGC: the pods bound to a deleted node are deleted at once, as no agent will ever finalize them.</item>
/// </list>
/// A marker is removed only once its work is done.
/// </summary>
public sealed class GarbageCollectorLoop : IControlLoop
{
    private const int PageSize = 1000;

    private static readonly ResourceKind[] DependentKinds = [ResourceRegistry.ReplicaSets, ResourceRegistry.Pods, ResourceRegistry.EndpointSlices];

    private readonly ObjectService _objects;
    private readonly IObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly LoopOptions _options;

    public GarbageCollectorLoop(ObjectService objects, IObjectStore store, ResourceRegistry registry, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _store = store;
        _registry = registry;
        _options = options.Value;
    }

    public string Name => "GarbageCollector";

    public TimeSpan ResyncPeriod => _options.GarbageCollectorResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        var current = change.Current;
        var removed = change.New is null;
        var startedDeleting = change.New?.Metadata.DeletionTimestamp is not null && change.Old?.Metadata.DeletionTimestamp is null;
        var relevant = change.Kind == ResourceRegistry.Pods
            ? (removed && current.Metadata.OwnerReferences is { Count: > 0 }) || (startedDeleting && HoldsCollectorFinalizer(current))
            : removed || startedDeleting;
        if (relevant)
        {
            yield return new LoopKey(change.Tenant);
        }
    }

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        // A conflict on one marker (a pod changed under us) must not hold up the others: it is retried after the pass.
        ApiException? conflict = null;
        string? token = null;
        do
        {
            var markers = await _store.ListAsync(new ObjectListQuery(key.Tenant, GarbageMarkers.Resource, Limit: 100, Continue: token), cancellationToken);
            foreach (var marker in markers.Items)
            {
                try
                {
                    await CollectAsync(key.Tenant, marker, cancellationToken);
                }
                catch (ApiException e) when (e.Status.Code is 409 or 404)
                {
                    conflict ??= e;
                }
            }

            token = markers.Continue;
        }
        while (token is not null);

        if (conflict is not null)
        {
            throw conflict;
        }
    }

    private static bool HoldsCollectorFinalizer(KubeObject value) =>
        value.Metadata.Finalizers?.Any(f => f is Finalizers.ForegroundDeletion or Finalizers.Orphan) == true;

    private async Task CollectAsync(string tenant, StoredObject marker, CancellationToken cancellationToken)
    {
        var ownerUid = marker.Key.Name;
        var named = GarbageMarkers.Owner(marker);
        var ownerKind = named is null ? null : _registry.All.FirstOrDefault(k => k.QualifiedName == named.Resource);
        var owner = ownerKind is null ? null : await _objects.GetAsync(ownerKind, tenant, named!.Namespace, named.Name, cancellationToken);
        if (owner is not null && owner.Object.Metadata.Uid == ownerUid)
        {
            var finalizers = owner.Object.Metadata.Finalizers ?? [];
            if (finalizers.Contains(Finalizers.Orphan))
            {
                if (await OrphanDependentsAsync(tenant, ownerUid, cancellationToken))
                {
                    await RemoveFinalizerAsync(tenant, ownerKind!, owner, Finalizers.Orphan, cancellationToken);
                    await DeleteMarkerAsync(tenant, marker, cancellationToken);
                }

                return;
            }

            if (finalizers.Contains(Finalizers.ForegroundDeletion))
            {
                if (await DeleteDependentsAsync(tenant, ownerUid, foreground: true, cancellationToken))
                {
                    await RemoveFinalizerAsync(tenant, ownerKind!, owner, Finalizers.ForegroundDeletion, cancellationToken);
                    await DeleteMarkerAsync(tenant, marker, cancellationToken);
                }

                return;
            }

            if (owner.Object.Metadata.DeletionTimestamp is not null)
            {
                // Background: the dependents go once the owner has (its other finalizers or its grace period hold it).
                return;
            }
        }

        if (named?.Resource == ResourceRegistry.Nodes.QualifiedName && !await CollectNodePodsAsync(tenant, named.Name, cancellationToken))
        {
            return;
        }

        if (await DeleteDependentsAsync(tenant, ownerUid, foreground: false, cancellationToken))
        {
            await DeleteMarkerAsync(tenant, marker, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes the owner's dependents. Returns whether the work is done: in the background, once every dependent is
    /// gone or being deleted; in the foreground, once none is left at all.
    /// </summary>
    private async Task<bool> DeleteDependentsAsync(string tenant, string ownerUid, bool foreground, CancellationToken cancellationToken)
    {
        var done = true;
        var writes = new List<ObjectWrite>();
        foreach (var kind in DependentKinds)
        {
            var (items, next) = await _objects.ListAsync(kind, new ObjectListQuery(tenant, kind.QualifiedName, Index: new IndexEntry(ResourceRegistry.OwnerIndex, ownerUid), Limit: PageSize), cancellationToken);
            done &= next is null;
            foreach (var item in items)
            {
                var options = kind == ResourceRegistry.Pods || !foreground ? DeletionOptions.Default : new DeletionOptions(Propagation: DeletionPropagation.Foreground);
                var write = _objects.PrepareDelete(kind, item, options);
                if (write is not null)
                {
                    writes.Add(write);
                }

                var stays = write is null || write.New is not null;
                done &= !(foreground && stays);
            }
        }

        if (writes.Count > 0)
        {
            await _objects.CommitAsync(tenant, writes, cancellationToken);
        }

        return done;
    }

    /// <summary>Removes the references to the owner from its dependents. Returns whether none is left.</summary>
    private async Task<bool> OrphanDependentsAsync(string tenant, string ownerUid, CancellationToken cancellationToken)
    {
        var done = true;
        var writes = new List<ObjectWrite>();
        foreach (var kind in DependentKinds)
        {
            var (items, next) = await _objects.ListAsync(kind, new ObjectListQuery(tenant, kind.QualifiedName, Index: new IndexEntry(ResourceRegistry.OwnerIndex, ownerUid), Limit: PageSize), cancellationToken);
            done &= next is null;
            foreach (var item in items)
            {
                var updated = kind.Deserialize(kind.Serialize(item.Object));
                updated.Metadata.OwnerReferences = updated.Metadata.OwnerReferences?.Where(o => o.Uid != ownerUid).ToList() is { Count: > 0 } kept ? kept : null;
                writes.Add(_objects.PrepareUpdate(kind, item, updated, UpdateScope.Whole));
            }
        }

        if (writes.Count > 0)
        {
            await _objects.CommitAsync(tenant, writes, cancellationToken);
        }

        return done;
    }

    /// <summary>PodGC: deletes at once the pods bound to a node that no longer exists. Returns whether none is left.</summary>
    private async Task<bool> CollectNodePodsAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        // A node of the same name joined again: the pods bound to that name are its own.
        if (await _objects.GetAsync(ResourceRegistry.Nodes, tenant, "", nodeName, cancellationToken) is not null)
        {
            return true;
        }

        var (pods, next) = await _objects.ListAsync(ResourceRegistry.Pods, new ObjectListQuery(tenant, ResourceRegistry.Pods.QualifiedName, Index: new IndexEntry(ResourceRegistry.NodeIndex, nodeName), Limit: PageSize), cancellationToken);
        var writes = pods.Select(pod => _objects.PrepareDelete(ResourceRegistry.Pods, pod, DeletionOptions.Force)).OfType<ObjectWrite>().ToList();
        if (writes.Count > 0)
        {
            await _objects.CommitAsync(tenant, writes, cancellationToken);
        }

        return next is null;
    }

    private async Task RemoveFinalizerAsync(string tenant, ResourceKind kind, Versioned<KubeObject> owner, string finalizer, CancellationToken cancellationToken)
    {
        var updated = kind.Deserialize(kind.Serialize(owner.Object));
        updated.Metadata.Finalizers = updated.Metadata.Finalizers?.Where(f => f != finalizer).ToList() is { Count: > 0 } kept ? kept : null;
        await _objects.CommitAsync(tenant, [_objects.PrepareUpdate(kind, owner, updated, UpdateScope.Whole)], cancellationToken);
    }

    private async Task DeleteMarkerAsync(string tenant, StoredObject marker, CancellationToken cancellationToken)
    {
        try
        {
            await _store.CommitAsync(tenant, [new StoreOperation.Delete(marker)], cancellationToken);
        }
        catch (StoreException e) when (e.Failure is StoreFailure.NotFound)
        {
            // Another pass removed it first.
        }
    }
}
