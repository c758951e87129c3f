using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Channels;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Nudges every node whose desired pods a change touched. A failed nudge is only logged: agents also resync on a
/// timer, so the nudge is an accelerator, never the only path.
/// </summary>
public sealed partial class NodeNudger : IObjectChangeObserver
{
    private readonly INodeChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeNudger> _logger;

    public NodeNudger(INodeChannel channel, TimeProvider time, ILogger<NodeNudger> logger)
    {
        _channel = channel;
        _time = time;
        _logger = logger;
    }

    public async ValueTask OnChangedAsync(IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken)
    {
        var nodes = new HashSet<(string Tenant, string Node)>();
        foreach (var change in changes)
        {
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

        foreach (var (tenant, node) in nodes)
        {
            try
            {
                await _channel.NudgeAsync(new NodeNudge(tenant, node, "pods changed", _time.GetUtcNow()), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNudgeFailed(_logger, tenant, node, e);
            }
        }
    }

    /// <summary>Status reports come from the node itself; only creations, deletions and spec changes concern it.</summary>
    private static bool SpecChanged(ObjectChange change) =>
        change.Old is null || change.New is null || change.Old.Metadata.Generation != change.New.Metadata.Generation ||
        (change.Old as Pod)?.Spec?.NodeName != (change.New as Pod)?.Spec?.NodeName;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudging node {NodeName} of tenant {Tenant} failed; it will resync on its own")]
    private static partial void LogNudgeFailed(ILogger logger, string tenant, string nodeName, Exception exception);
}
