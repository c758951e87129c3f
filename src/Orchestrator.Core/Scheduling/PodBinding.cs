using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>A scheduling decision: bind <see cref="Pod"/> to the node named <see cref="NodeName"/>.</summary>
public sealed record PodBinding(Pod Pod, string NodeName);
