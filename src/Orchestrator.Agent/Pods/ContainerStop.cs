using Orchestrator.Agent.Runtime;

namespace Orchestrator.Agent.Pods;

/// <summary>A decision to stop a running container, with the grace period it gets and why.</summary>
internal sealed record ContainerStop(ContainerKey Key, TimeSpan GracePeriod, string Reason);
