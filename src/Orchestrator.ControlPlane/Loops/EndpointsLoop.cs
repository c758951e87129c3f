using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// The EndpointSlice controller: keeps the managed EndpointSlices of every Service with a selector in step with the
/// pods it selects (ADR 0012). A key is a namespace: a pass reads its Services, pods and slices through one list each
/// (and the tenant's nodes, for zones) and commits every Service's changes together.
/// </summary>
public sealed class EndpointsLoop : IControlLoop
{
    private readonly ObjectService _objects;
    private readonly LoopOptions _options;

    public EndpointsLoop(ObjectService objects, IOptions<LoopOptions> options)
    {
        _objects = objects;
        _options = options.Value;
    }

    public string Name => "Endpoints";

    public TimeSpan ResyncPeriod => _options.ControllerResyncPeriod;

    public IEnumerable<LoopKey> KeysFor(ObjectChange change)
    {
        var relevant =
            change.Kind == ResourceRegistry.Services ||
            (change.Kind == ResourceRegistry.Pods && PodChangeMatters(change.Old as Pod, change.New as Pod)) ||
            // A managed slice someone deleted comes back at once; other edits are undone by the resync. Reacting to
            // every slice write would run a pass after each of this loop's own commits.
            (change.Kind == ResourceRegistry.EndpointSlices && change.New is null &&
                change.Old?.Metadata.Labels?.GetValueOrDefault(EndpointSliceReconciler.ManagedByLabel) == EndpointSliceReconciler.ControllerName);
        if (relevant)
        {
            yield return new LoopKey(change.Tenant, change.Current.Metadata.Namespace ?? "");
        }
    }

    public async Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        [.. (await _objects.ListAllAsync(ResourceRegistry.Services, tenant, cancellationToken: cancellationToken))
            .Select(s => s.Object.Metadata.Namespace ?? "")
            .Distinct(StringComparer.Ordinal)
            .Select(ns => new LoopKey(tenant, ns))];

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        var services = await _objects.ListAllAsync(ResourceRegistry.Services, key.Tenant, key.Namespace, cancellationToken: cancellationToken);
        if (services.Count == 0)
        {
            // Slices of deleted Services go with them through the garbage collector (owner references).
            return;
        }

        var pods = (await _objects.ListAllAsync(ResourceRegistry.Pods, key.Tenant, key.Namespace, cancellationToken: cancellationToken)).Select(p => p.Object).ToList();
        var slices = await _objects.ListAllAsync(ResourceRegistry.EndpointSlices, key.Tenant, key.Namespace, cancellationToken: cancellationToken);
        var sliceObjects = slices.Select(s => s.Object).ToList();
        var byName = slices.ToDictionary(s => s.Object.Metadata.Name!, StringComparer.Ordinal);
        var zones = await ZonesAsync(key.Tenant, pods, cancellationToken);

        var writes = new List<ObjectWrite>();
        foreach (var service in services)
        {
            var actions = EndpointSliceReconciler.Reconcile(service.Object, pods, sliceObjects, zones);
            writes.AddRange(actions.ToDelete.Select(s => _objects.PrepareDelete(ResourceRegistry.EndpointSlices, byName[s.Metadata.Name!].Untyped(), DeletionOptions.NoCollection)).OfType<ObjectWrite>());
            writes.AddRange(actions.ToUpdate.Select(s => _objects.PrepareUpdate(ResourceRegistry.EndpointSlices, byName[s.Metadata.Name!].Untyped(), s, UpdateScope.Whole)));
            writes.AddRange(actions.ToCreate.Select(s => _objects.PrepareCreate(ResourceRegistry.EndpointSlices, key.Tenant, s)));

            // A later Service's new slices must not take the names this one's just took.
            sliceObjects.AddRange(actions.ToCreate);
        }

        if (writes.Count > 0)
        {
            // A conflict (a slice changed under this pass) fails the pass; the runner retries it on fresh reads.
            await _objects.CommitAsync(key.Tenant, writes, cancellationToken);
        }
    }

    /// <summary>Pod changes that can change an endpoint: existence, labels, binding, address, readiness, deletion, phase.</summary>
    internal static bool PodChangeMatters(Pod? old, Pod? current)
    {
        if (old is null || current is null)
        {
            return true;
        }

        return old.Metadata.DeletionTimestamp != current.Metadata.DeletionTimestamp ||
            old.Spec?.NodeName != current.Spec?.NodeName ||
            old.Status?.PodIP != current.Status?.PodIP ||
            old.Status?.HostIP != current.Status?.HostIP ||
            old.Status?.Phase != current.Status?.Phase ||
            ReadyStatus(old) != ReadyStatus(current) ||
            !LabelsEqual(old.Metadata.Labels, current.Metadata.Labels);
    }

    private static string? ReadyStatus(Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c?.Type == "Ready")?.Status;

    private static bool LabelsEqual(Dictionary<string, string>? a, Dictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(l => b!.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The zone of each node a pod runs on; no read at all when no pod is bound.</summary>
    private async Task<Dictionary<string, string>?> ZonesAsync(string tenant, List<Pod> pods, CancellationToken cancellationToken)
    {
        if (!pods.Any(p => p.Spec?.NodeName is { Length: > 0 }))
        {
            return null;
        }

        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in await _objects.ListAllAsync(ResourceRegistry.Nodes, tenant, cancellationToken: cancellationToken))
        {
            if (node.Object.Metadata.Name is { } name && node.Object.Metadata.Labels?.GetValueOrDefault(EndpointSliceReconciler.ZoneLabel) is { } zone)
            {
                zones[name] = zone;
            }
        }

        return zones;
    }
}
