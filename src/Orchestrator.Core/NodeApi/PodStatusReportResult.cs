namespace Orchestrator.Core.NodeApi;

/// <summary>Per-pod outcome of a status report: <c>200</c>, <c>404</c> (gone: stop it), <c>409</c> (uid mismatch), <c>403</c>.</summary>
public sealed record PodStatusReportResult(IReadOnlyList<PodStatusReportOutcome> Results);
