namespace Orchestrator.Core.NodeApi;

/// <summary>Body of <c>POST /agent/v1/nodes/{node}/podstatus</c>: many pods' statuses in one request.</summary>
public sealed record PodStatusReport(IReadOnlyList<PodStatusReportItem> Items);
