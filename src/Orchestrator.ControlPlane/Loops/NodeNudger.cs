using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Channels;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Nudges every node whose desired pods a change touched, and every node of the tenant when a Service or EndpointSlice
/// changed (each agent keeps the tenant's service table, ADR 0012). A failed nudge is only logged: agents also resync on a
/// timer, so the nudge is an accelerator, never the only path.
/// </summary>
public sealed partial class NodeNudger : IObjectChangeObserver
{
    private const int NodePageSize = 1000;

    private readonly INodeChannel _channel;
    private readonly IObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeNudger> _logger;

    public NodeNudger(INodeChannel channel, IObjectStore store, TimeProvider time, ILogger<NodeNudger> logger)
    {
        _channel = channel;
        _store = store;
        _time = time;
        _logger = logger;
    }

    public async ValueTask OnChangedAsync(IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken)
    {
        var nodes = new HashSet<(string Tenant, string Node)>();
        var reasons = new Dictionary<(string Tenant, string Node), string>();
        var serviceTenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Kind == ResourceRegistry.Services || change.Kind == ResourceRegistry.EndpointSlices)
            {
                serviceTenants.Add(change.Tenant);
                continue;
            }

            if (change.Kind != ResourceRegistry.Pods || !SpecChanged(change))
            {
                continue;
            }

            foreach (var pod in new[] { change.Old as Pod, change.New as Pod })
            {
                if (pod?.Spec?.NodeName is { Length: > 0 } node)
                {
                    nodes.Add((change.Tenant, node));
                }
            }
        }

        // Every agent proxies every Service of its tenant: a Service or endpoint change concerns all of them. One node
        // list per tenant and batch, never per change.
        foreach (var tenant in serviceTenants)
        {
            foreach (var node in await NodeNamesAsync(tenant, cancellationToken))
            {
                reasons[(tenant, node)] = nodes.Add((tenant, node))
                    ? NodeNudge.ServicesChanged
                    : NodeNudge.JoinReasons([NodeNudge.PodsChanged, NodeNudge.ServicesChanged]);
            }
        }

        foreach (var (tenant, node) in nodes)
        {
            try
            {
                await _channel.NudgeAsync(new NodeNudge(tenant, node, reasons.GetValueOrDefault((tenant, node), NodeNudge.PodsChanged), _time.GetUtcNow()), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNudgeFailed(_logger, tenant, node, e);
            }
        }
    }

    /// <summary>The names of the tenant's nodes (row keys: no object is read); none when listing fails, as a nudge is only an accelerator.</summary>
    private async Task<List<string>> NodeNamesAsync(string tenant, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            string? token = null;
            do
            {
                var page = await _store.ListAsync(new ObjectListQuery(tenant, ResourceRegistry.Nodes.QualifiedName, Limit: NodePageSize, Continue: token), cancellationToken);
                names.AddRange(page.Items.Select(static n => n.Key.Name));
                token = page.Continue;
            }
            while (token is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNodeListFailed(_logger, tenant, e);
        }

        return names;
    }

    /// <summary>Status reports come from the node itself; only creations, deletions and spec changes concern it.</summary>
    private static bool SpecChanged(ObjectChange change) =>
        change.Old is null || change.New is null || change.Old.Metadata.Generation != change.New.Metadata.Generation ||
        (change.Old as Pod)?.Spec?.NodeName != (change.New as Pod)?.Spec?.NodeName;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the nodes of tenant {Tenant} to nudge them about a Service change failed; they will resync on their own")]
    private static partial void LogNodeListFailed(ILogger logger, string tenant, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudging node {NodeName} of tenant {Tenant} failed; it will resync on its own")]
    private static partial void LogNudgeFailed(ILogger logger, string tenant, string nodeName, Exception exception);
}
