namespace Orchestrator.Core.Objects;

/// <summary>How long a client keeps going to the same endpoint (10800 s, three hours, by default).</summary>
public sealed class ClientIPConfig
{
    public int? TimeoutSeconds { get; set; }
}
