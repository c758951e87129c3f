namespace Orchestrator.Core.Objects;

/// <summary>One backend of a Service: a pod, reached at its address (here its node's, ADR 0012).</summary>
public sealed class Endpoint
{
    public List<string>? Addresses { get; set; }

    public EndpointConditions? Conditions { get; set; }

    public string? Hostname { get; set; }

    public ObjectReference? TargetRef { get; set; }

    public string? NodeName { get; set; }

    public string? Zone { get; set; }

    public System.Text.Json.JsonElement? Hints { get; set; }

    public Dictionary<string, string>? DeprecatedTopology { get; set; }
}
