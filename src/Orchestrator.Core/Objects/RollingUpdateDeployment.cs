namespace Orchestrator.Core.Objects;

/// <summary>Bounds of a rolling update, as a count or a percentage of the desired replicas.</summary>
public sealed class RollingUpdateDeployment
{
    public IntOrString? MaxUnavailable { get; set; }

    public IntOrString? MaxSurge { get; set; }
}
