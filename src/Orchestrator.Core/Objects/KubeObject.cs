namespace Orchestrator.Core.Objects;

/// <summary>The fields every Kubernetes-shaped object carries: <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>.</summary>
public abstract class KubeObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ObjectMeta Metadata { get; set; } = new();
}
