namespace Orchestrator.Core.Objects;

/// <summary>The pod a workload controller stamps out: metadata and spec.</summary>
public sealed class PodTemplateSpec
{
    public ObjectMeta? Metadata { get; set; }

    public PodSpec? Spec { get; set; }
}
