namespace Orchestrator.Core.Objects;

/// <summary>
/// The body of <c>POST deployments/{name}/rollback</c>, shaped as Kubernetes' <c>extensions/v1beta1</c>
/// DeploymentRollback: roll the Deployment's template back to a revision (0 or absent: the previous one).
/// </summary>
public sealed class DeploymentRollback
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    /// <summary>The Deployment's name; must match the name in the path.</summary>
    public string? Name { get; set; }

    /// <summary>Annotations to set on the Deployment along with the rollback.</summary>
    public Dictionary<string, string>? UpdatedAnnotations { get; set; }

    public RollbackConfig? RollbackTo { get; set; }
}
