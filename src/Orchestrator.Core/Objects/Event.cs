using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>A <c>v1</c> Event: something that happened to an object, for people to read.</summary>
public sealed class Event : KubeObject
{
    public ObjectReference? InvolvedObject { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public EventSource? Source { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    public int? Count { get; set; }

    public string? Type { get; set; }

    public DateTimeOffset? EventTime { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }

    public string? Action { get; set; }

    public JsonElement? Related { get; set; }

    public JsonElement? Series { get; set; }
}
