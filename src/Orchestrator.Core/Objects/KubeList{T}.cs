namespace Orchestrator.Core.Objects;

/// <summary>A page of objects of one kind (<c>PodList</c>, <c>DeploymentList</c>, ...).</summary>
public sealed class KubeList<T>
    where T : KubeObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ListMeta Metadata { get; set; } = new();

    public List<T> Items { get; set; } = [];
}
