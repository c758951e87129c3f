using Orchestrator.Core.NodeApi;

namespace Orchestrator.Agent.Pods;

/// <summary>A status waiting to be sent; <see cref="Sequence"/> tells whether a newer one replaced it meanwhile.</summary>
internal readonly record struct BufferedStatus(PodStatusReportItem Item, long Sequence);
