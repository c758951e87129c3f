using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>What a probe runs against: the container (its spec, for named ports) and the address when the probe names no host.</summary>
internal sealed record ProbeTarget(ContainerKey Key, string ContainerId, Container Spec, string Host);
