namespace Orchestrator.Core.Objects;

/// <summary>How <c>sessionAffinity: ClientIP</c> behaves.</summary>
public sealed class SessionAffinityConfig
{
    public ClientIPConfig? ClientIP { get; set; }
}
