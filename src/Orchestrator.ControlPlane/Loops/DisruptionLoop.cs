using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Controllers;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// The disruption controller: keeps the status of every PodDisruptionBudget (healthy, desired and expected pods,
/// disruptions allowed) current. A key is a namespace: any change of a pod, ReplicaSet, Deployment or budget there
/// recomputes the namespace's budgets, since which budgets cover a pod is only known after reading them.
/// </summary>
public sealed class DisruptionLoop : IControlLoop
{
    /// <summary>The component Kubernetes' disruption controller reports its events as.</summary>
    public const string Component = "controllermanager";

    private readonly ObjectService _objects;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;

    public DisruptionLoop(ObjectService objects, EventRecorder events, TimeProvider time, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _events = events;
        _time = time;
        _options = options.Value;
    }

    public string Name => "Disruption";

    public TimeSpan ResyncPeriod => _options.ControllerResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        if (change.Kind == ResourceRegistry.PodDisruptionBudgets || change.Kind == ResourceRegistry.Pods ||
            change.Kind == ResourceRegistry.ReplicaSets || change.Kind == ResourceRegistry.Deployments)
        {
            yield return new LoopKey(change.Tenant, change.Current.Metadata.Namespace ?? "");
        }
    }

    public async Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        [.. (await _objects.ListAllAsync(ResourceRegistry.PodDisruptionBudgets, tenant, cancellationToken: cancellationToken))
            .Select(pdb => pdb.Object.Metadata.Namespace ?? "")
            .Distinct(StringComparer.Ordinal)
            .Select(ns => new LoopKey(tenant, ns))];

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        var budgets = await _objects.ListAllAsync(ResourceRegistry.PodDisruptionBudgets, key.Tenant, key.Namespace, cancellationToken: cancellationToken);
        if (budgets.Count == 0)
        {
            return;
        }

        var pods = await _objects.ListAllAsync(ResourceRegistry.Pods, key.Tenant, key.Namespace, cancellationToken: cancellationToken);
        var replicaSets = await _objects.ListAllAsync(ResourceRegistry.ReplicaSets, key.Tenant, key.Namespace, cancellationToken: cancellationToken);
        var deployments = await _objects.ListAllAsync(ResourceRegistry.Deployments, key.Tenant, key.Namespace, cancellationToken: cancellationToken);
        var podObjects = pods.Select(p => p.Object).ToList();
        var replicaSetObjects = replicaSets.Select(r => r.Object).ToList();
        var deploymentObjects = deployments.Select(d => d.Object).ToList();

        ApiException? conflict = null;
        var events = new List<EventRecord>();
        foreach (var budget in budgets)
        {
            var actions = DisruptionReconciler.Reconcile(budget.Object, podObjects, replicaSetObjects, deploymentObjects, _time.GetUtcNow());
            if (actions.Status is not { } status)
            {
                continue;
            }

            var updated = ResourceRegistry.PodDisruptionBudgets.Clone(budget.Object);
            updated.Status = status;
            try
            {
                await _objects.UpdateAsync(ResourceRegistry.PodDisruptionBudgets, key.Tenant, budget.Untyped(), updated, UpdateScope.Status, cancellationToken);
            }
            catch (ApiException e) when (e.Status.Code == 409)
            {
                // An eviction spent the budget meanwhile; its write wakes this loop again, the others go on.
                conflict ??= e;
                continue;
            }

            // Events only with a new status, so that a stable budget does not bump the same event on every pass.
            events.AddRange(actions.Events.Select(e => new EventRecord(budget.Object, e.Warning ? EventTypes.Warning : EventTypes.Normal, e.Reason, e.Message, Component)));
        }

        await _events.RecordAsync(key.Tenant, events, cancellationToken);
        if (conflict is not null)
        {
            throw conflict;
        }
    }
}
