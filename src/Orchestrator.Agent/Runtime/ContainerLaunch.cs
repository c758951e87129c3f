using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Runtime;

/// <summary>
/// Everything a runtime needs to start one container of a pod. A launch for a key the runtime already knows
/// replaces that (exited) container; <see cref="RestartCount"/>, <see cref="BackoffStep"/> and
/// <see cref="LastState"/> carry the accounting over.
/// </summary>
internal sealed record ContainerLaunch(
    string Namespace,
    string PodName,
    string PodUid,
    Container Spec,
    string SpecHash,
    int RestartCount,
    int BackoffStep,
    ContainerTermination? LastState,
    TimeSpan TerminationGracePeriod)
{
    public ContainerKey Key => new(PodUid, Spec.Name ?? "");
}
