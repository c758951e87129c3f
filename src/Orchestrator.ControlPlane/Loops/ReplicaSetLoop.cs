using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>The ReplicaSet controller: keeps each ReplicaSet's pods at its replica count and reports its status.</summary>
public sealed class ReplicaSetLoop : IControlLoop
{
    /// <summary>The reporting component of the ReplicaSet controller's events, as in Kubernetes.</summary>
    public const string Component = "replicaset-controller";

    private readonly ObjectService _objects;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;

    public ReplicaSetLoop(ObjectService objects, EventRecorder events, TimeProvider time, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _events = events;
        _time = time;
        _options = options.Value;
    }

    public string Name => "ReplicaSet";

    public TimeSpan ResyncPeriod => _options.ControllerResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        var current = change.Current;
        if (change.Kind == ResourceRegistry.ReplicaSets)
        {
            yield return new LoopKey(change.Tenant, current.Metadata.Namespace ?? "", current.Metadata.Name ?? "");
        }
        else if (change.Kind == ResourceRegistry.Pods && Owner(current, "ReplicaSet") is { } owner)
        {
            yield return new LoopKey(change.Tenant, current.Metadata.Namespace ?? "", owner);
        }
    }

    public async Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        [.. (await _objects.ListAllAsync(ResourceRegistry.ReplicaSets, tenant, cancellationToken: cancellationToken))
            .Select(rs => new LoopKey(tenant, rs.Object.Metadata.Namespace ?? "", rs.Object.Metadata.Name ?? ""))];

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        if (await _objects.GetAsync(ResourceRegistry.ReplicaSets, key.Tenant, key.Namespace, key.Name, cancellationToken) is not { } rs)
        {
            return;
        }

        var pods = await _objects.ListAllAsync(ResourceRegistry.Pods, key.Tenant, key.Namespace, new IndexEntry(ResourceRegistry.OwnerIndex, rs.Object.Metadata.Uid!), cancellationToken);
        var actions = ReplicaSetReconciler.Reconcile(rs.Object, [.. pods.Select(p => p.Object)], _time.GetUtcNow(), ObjectService.RandomSuffix);
        if (actions.IsEmpty)
        {
            return;
        }

        var byUid = pods.ToDictionary(p => p.Object.Metadata.Uid!);
        var writes = new List<ObjectWrite>();
        try
        {
            // The ReplicaSet is written first, even with an unchanged status, so that the first transaction is
            // conditional on the ReplicaSet as this pass read it: of two overlapping passes (a slow timer run in Azure
            // and the next one), only one creates or deletes pods.
            var updated = ResourceRegistry.ReplicaSets.Clone(rs.Object);
            updated.Status = actions.Status ?? updated.Status;
            writes.Add(_objects.PrepareUpdate(ResourceRegistry.ReplicaSets, rs.Untyped(), updated, UpdateScope.Status) with { Guards = true });
            writes.AddRange(actions.PodsToDelete.Select(p => _objects.PrepareDelete(ResourceRegistry.Pods, byUid[p.Metadata.Uid!].Untyped(), DeletionOptions.NoCollection)).OfType<ObjectWrite>());
            writes.AddRange(actions.PodsToCreate.Select(p => _objects.PrepareCreate(ResourceRegistry.Pods, key.Tenant, p)));
            await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
        }
        catch (ApiException e) when (e.Status.Code is 400 or 413 or 422 && actions.PodsToCreate.Count > 0)
        {
            // A refused pod (invalid, too large) is the user's to see; conflicts are ours and just retried.
            await _events.RecordAsync(key.Tenant, rs.Object, [WorkloadEvent.FailedPodCreate(e.Status.Message ?? e.Message)], Component, cancellationToken);
            throw;
        }

        await _events.RecordAsync(key.Tenant, rs.Object, actions.Events, Component, cancellationToken);
    }

    /// <summary>The name of the object's controlling owner of the given kind.</summary>
    internal static string? Owner(KubeObject value, string kind) =>
        value.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == kind)?.Name;
}
