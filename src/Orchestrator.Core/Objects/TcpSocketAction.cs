namespace Orchestrator.Core.Objects;

/// <summary>A TCP connection to the container; an accepted connection is success.</summary>
public sealed class TcpSocketAction
{
    public IntOrString? Port { get; set; }

    public string? Host { get; set; }
}
