using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>Everything a reconcile pass looks at: the desired pods, the runtime's containers, what is being stopped and what failed to start.</summary>
internal sealed record ReconcileInput(
    IReadOnlyList<Pod> DesiredPods,
    IReadOnlyList<RuntimeContainer> Containers,
    IReadOnlySet<ContainerKey> Stopping,
    IReadOnlyDictionary<ContainerKey, StartFailure> StartFailures,
    DateTimeOffset Now);
