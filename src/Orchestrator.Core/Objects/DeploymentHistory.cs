namespace Orchestrator.Core.Objects;

/// <summary>
/// The answer of <c>GET deployments/{name}/history</c>: the Deployment's revisions, oldest first, as
/// <c>kubectl rollout history</c> lists them.
/// </summary>
public sealed class DeploymentHistory
{
    public string ApiVersion { get; set; } = "apps/v1";

    public string Kind { get; set; } = "DeploymentHistory";

    /// <summary>The Deployment's name and namespace.</summary>
    public ObjectMeta Metadata { get; set; } = new();

    public List<DeploymentRevision> Revisions { get; set; } = [];
}
