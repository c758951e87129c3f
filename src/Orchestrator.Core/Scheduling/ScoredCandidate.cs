namespace Orchestrator.Core.Scheduling;

/// <summary>A node that passed every filter for the pod, with its score before topology spread is added.</summary>
internal record struct ScoredCandidate(int Slot, double Score, long SpreadScore, bool Ignored);
