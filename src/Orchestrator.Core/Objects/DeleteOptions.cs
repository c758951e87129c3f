namespace Orchestrator.Core.Objects;

/// <summary>The <c>meta/v1</c> DeleteOptions of a deletion (here: inside an Eviction).</summary>
public sealed class DeleteOptions
{
    public string? Kind { get; set; }

    public string? ApiVersion { get; set; }

    public long? GracePeriodSeconds { get; set; }

    public Preconditions? Preconditions { get; set; }

    public bool? OrphanDependents { get; set; }

    public string? PropagationPolicy { get; set; }

    public List<string>? DryRun { get; set; }

    public bool? IgnoreStoreReadErrorWithClusterBreakingPotential { get; set; }
}
