using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// A pod that fits on no node in this pass, with the Kubernetes-style explanation for its <c>PodScheduled</c>
/// condition (reason <c>Unschedulable</c>).
/// </summary>
public sealed record UnschedulablePod(Pod Pod, string Message);
