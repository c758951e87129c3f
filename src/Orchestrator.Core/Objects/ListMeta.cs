namespace Orchestrator.Core.Objects;

/// <summary>Metadata of a list: its version and the token for the next page.</summary>
public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}
