namespace Orchestrator.Core.Objects;

/// <summary>A port the endpoints of a slice listen on, named as the Service port it serves.</summary>
public sealed class EndpointPort
{
    public string? Name { get; set; }

    public string? Protocol { get; set; }

    public int? Port { get; set; }

    public string? AppProtocol { get; set; }
}
