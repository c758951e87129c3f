namespace Orchestrator.Core.Objects;

/// <summary>What must still hold for a deletion to go ahead: the object's uid and resource version.</summary>
public sealed class Preconditions
{
    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}
