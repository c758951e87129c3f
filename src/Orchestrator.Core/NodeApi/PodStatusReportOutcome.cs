namespace Orchestrator.Core.NodeApi;

/// <summary>The HTTP-style code for one pod of a status report.</summary>
public sealed record PodStatusReportOutcome(string Namespace, string Name, int Code);
