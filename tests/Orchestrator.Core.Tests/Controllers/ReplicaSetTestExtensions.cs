using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>Makes old ReplicaSets of a Deployment for tests that need history the simulation did not produce.</summary>
internal static class ReplicaSetTestExtensions
{
    public static ReplicaSet DeepCloneForTest(this ReplicaSet source, string image, long revision, int statusReplicas)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(source, KubeJsonContext.Default.ReplicaSet);
        var clone = System.Text.Json.JsonSerializer.Deserialize(json, KubeJsonContext.Default.ReplicaSet)!;
        clone.Metadata.Name = $"web-old{revision}";
        clone.Metadata.Uid = $"old-{revision}";
        clone.Metadata.CreationTimestamp = ControllerFixtures.Now.AddDays(-revision);
        clone.Metadata.Annotations![DeploymentReconciler.RevisionAnnotation] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        clone.Spec!.Replicas = 0;
        clone.Spec.Template!.Spec!.Containers![0].Image = image;
        clone.Status = new ReplicaSetStatus { Replicas = statusReplicas, ObservedGeneration = clone.Metadata.Generation };
        return clone;
    }
}
