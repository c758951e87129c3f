using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// What the status of one pod is computed from: the runtime's containers of the pod by container name, and the
/// status computed last (after an agent restart, the one the server holds), which keeps transition times, and what the
/// probes say (<c>ready</c>, <c>started</c>) of the running containers.
/// </summary>
internal sealed record PodStatusInput(
    Pod Pod,
    bool RuntimeSupported,
    string RuntimeClassName,
    IReadOnlyDictionary<string, RuntimeContainer> Containers,
    IReadOnlyDictionary<ContainerKey, CrashLoopWait> BackingOff,
    IReadOnlyDictionary<ContainerKey, StartFailure> StartFailures,
    PodStatus? Previous,
    string HostIP,
    DateTimeOffset Now,
    IReadOnlyDictionary<ContainerKey, ContainerProbeStatus>? Probes = null);
