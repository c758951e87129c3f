using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Everything a reconcile pass looks at: the desired pods, the runtime's containers, what is being stopped, what failed
/// to start, and the running containers whose liveness or startup probe failed.
/// </summary>
internal sealed record ReconcileInput(
    IReadOnlyList<Pod> DesiredPods,
    IReadOnlyList<RuntimeContainer> Containers,
    IReadOnlySet<ContainerKey> Stopping,
    IReadOnlyDictionary<ContainerKey, StartFailure> StartFailures,
    DateTimeOffset Now,
    IReadOnlyDictionary<ContainerKey, ProbeKill>? ProbeKills = null);
