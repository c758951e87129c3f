using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>A pod on a node in this pass (bound or just placed), with its compiled anti-affinity terms.</summary>
internal readonly record struct PlacedPod(Pod Pod, AntiAffinityTerm[] Terms);
