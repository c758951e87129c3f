namespace Orchestrator.Core.Objects;

/// <summary>Who reported an event.</summary>
public sealed class EventSource
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}
