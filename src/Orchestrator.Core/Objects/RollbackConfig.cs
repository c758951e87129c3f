namespace Orchestrator.Core.Objects;

/// <summary>Which revision a <see cref="DeploymentRollback"/> goes back to; 0 means the previous revision.</summary>
public sealed class RollbackConfig
{
    public long? Revision { get; set; }
}
