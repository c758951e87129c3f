using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>The Deployment controller: creates, scales and retires each Deployment's ReplicaSets and reports its status.</summary>
public sealed class DeploymentLoop : IControlLoop
{
    /// <summary>The reporting component of the Deployment controller's events, as in Kubernetes.</summary>
    public const string Component = "deployment-controller";

    private readonly ObjectService _objects;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;

    public DeploymentLoop(ObjectService objects, EventRecorder events, TimeProvider time, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _events = events;
        _time = time;
        _options = options.Value;
    }

    public string Name => "Deployment";

    public TimeSpan ResyncPeriod => _options.ControllerResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        var current = change.Current;
        if (change.Kind == ResourceRegistry.Deployments)
        {
            yield return new LoopKey(change.Tenant, current.Metadata.Namespace ?? "", current.Metadata.Name ?? "");
        }
        else if (change.Kind == ResourceRegistry.ReplicaSets && ReplicaSetLoop.Owner(current, "Deployment") is { } owner)
        {
            yield return new LoopKey(change.Tenant, current.Metadata.Namespace ?? "", owner);
        }
    }

    public async Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        [.. (await _objects.ListAllAsync(ResourceRegistry.Deployments, tenant, cancellationToken: cancellationToken))
            .Select(d => new LoopKey(tenant, d.Object.Metadata.Namespace ?? "", d.Object.Metadata.Name ?? ""))];

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        if (await _objects.GetAsync(ResourceRegistry.Deployments, key.Tenant, key.Namespace, key.Name, cancellationToken) is not { } deployment)
        {
            return;
        }

        var owned = await _objects.ListAllAsync(ResourceRegistry.ReplicaSets, key.Tenant, key.Namespace, new IndexEntry(ResourceRegistry.OwnerIndex, deployment.Object.Metadata.Uid!), cancellationToken);
        var actions = DeploymentReconciler.Reconcile(deployment.Object, [.. owned.Select(r => r.Object)], _time.GetUtcNow());
        var byUid = owned.ToDictionary(r => r.Object.Metadata.Uid!);
        var writes = new List<ObjectWrite>();
        try
        {
            writes.AddRange(actions.ReplicaSetsToCreate.Select(rs => _objects.PrepareCreate(ResourceRegistry.ReplicaSets, key.Tenant, rs)));
            writes.AddRange(actions.ReplicaSetsToUpdate.Select(rs => _objects.PrepareUpdate(ResourceRegistry.ReplicaSets, byUid[rs.Metadata.Uid!].Untyped(), rs, UpdateScope.Spec)));
            writes.AddRange(actions.ReplicaSetsToDelete.Select(rs => _objects.PrepareDelete(ResourceRegistry.ReplicaSets, byUid[rs.Metadata.Uid!].Untyped(), DeletionOptions.Default)).OfType<ObjectWrite>());
            if (actions.Status is not null || actions.Revision is not null)
            {
                // The revision annotation is metadata and the status is status: one write of both, as the controller's own.
                var updated = ResourceRegistry.Deployments.Clone(deployment.Object);
                updated.Status = actions.Status ?? updated.Status;
                if (actions.Revision is { } revision)
                {
                    (updated.Metadata.Annotations ??= [])[DeploymentReconciler.RevisionAnnotation] = revision;
                }

                writes.Add(_objects.PrepareUpdate(ResourceRegistry.Deployments, deployment.Untyped(), updated, UpdateScope.Whole));
            }

            if (writes.Count > 0)
            {
                await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
            }
        }
        catch (ApiException e) when (e.Status.Code is 400 or 413 or 422 && actions.ReplicaSetsToCreate.Count > 0)
        {
            // A refused ReplicaSet (invalid, too large) is the user's to see; conflicts are ours and just retried.
            var name = actions.ReplicaSetsToCreate[0].Metadata.Name ?? "";
            await _events.RecordAsync(key.Tenant, deployment.Object, [WorkloadEvent.FailedReplicaSetCreate(name, e.Status.Message ?? e.Message)], Component, cancellationToken);
            throw;
        }

        await _events.RecordAsync(key.Tenant, deployment.Object, actions.Events, Component, cancellationToken);
    }
}
