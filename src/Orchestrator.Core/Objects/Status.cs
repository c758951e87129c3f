namespace Orchestrator.Core.Objects;

/// <summary>The Kubernetes <c>meta/v1</c> Status: the body of every error answer.</summary>
public sealed class Status
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "Status";

    public ListMeta Metadata { get; set; } = new();

    [System.Text.Json.Serialization.JsonPropertyName("status")]
    public string? Outcome { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public StatusDetails? Details { get; set; }

    public int Code { get; set; }
}
