namespace Orchestrator.Core.Objects;

/// <summary>One reason a request failed, naming the field by its path (<c>spec.replicas</c>).</summary>
public sealed class StatusCause
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Field { get; set; }
}
