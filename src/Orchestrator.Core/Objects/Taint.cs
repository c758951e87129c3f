namespace Orchestrator.Core.Objects;

/// <summary>A node taint: pods that do not tolerate it are kept off the node.</summary>
public sealed class Taint
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }

    public DateTimeOffset? TimeAdded { get; set; }
}
