namespace Orchestrator.Core.Controllers;

/// <summary>An event the disruption controller reports about a PodDisruptionBudget (Kubernetes' reasons and wording).</summary>
public sealed record DisruptionEvent(bool Warning, string Reason, string Message);
