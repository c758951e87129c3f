namespace Orchestrator.Core.Objects;

/// <summary>How a Deployment replaces old pods: <c>RollingUpdate</c> (default) or <c>Recreate</c>.</summary>
public sealed class DeploymentStrategy
{
    public string? Type { get; set; }

    public RollingUpdateDeployment? RollingUpdate { get; set; }
}
