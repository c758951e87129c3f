using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>A Deployment "web" with a ReplicaSet, its pods and a PodDisruptionBudget over them, in namespace "shop".</summary>
internal static class DisruptionFixtures
{
    public static readonly DateTimeOffset Now = ControllerFixtures.Now;

    public static PodDisruptionBudget Budget(IntOrString? minAvailable = null, IntOrString? maxUnavailable = null, long generation = 1, PodDisruptionBudgetStatus? status = null) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new ObjectMeta { Name = "web-pdb", Namespace = "shop", Uid = "pdb-uid", Generation = generation },
        Spec = new PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable,
            MaxUnavailable = maxUnavailable,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
        },
        Status = status,
    };

    public static Deployment Deployment(int replicas) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "deploy-uid" },
        Spec = new DeploymentSpec { Replicas = replicas },
    };

    /// <summary>A ReplicaSet, owned by the Deployment "web" unless <paramref name="ownedByDeployment"/> is false.</summary>
    public static ReplicaSet ReplicaSet(string name, int replicas, bool ownedByDeployment = true) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "shop",
            Uid = name + "-uid",
            OwnerReferences = ownedByDeployment ? [new OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "deploy-uid", Controller = true }] : null,
        },
        Spec = new ReplicaSetSpec { Replicas = replicas },
    };

    /// <summary>A pod of ReplicaSet <paramref name="replicaSet"/> (null: no controller), Ready or not.</summary>
    public static Pod Pod(string name, bool ready = true, string? replicaSet = "web-1", bool terminating = false)
    {
        var pod = ControllerFixtures.OwnedPod(name, readyForSeconds: ready ? 30 : null, ownerUid: replicaSet + "-uid");
        pod.Metadata.OwnerReferences = replicaSet is null
            ? null
            : [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = replicaSet, Uid = replicaSet + "-uid", Controller = true }];
        pod.Metadata.DeletionTimestamp = terminating ? Now.AddSeconds(30) : null;
        return pod;
    }

    public static List<Pod> Pods(int ready, int notReady = 0, string replicaSet = "web-1") =>
        [.. Enumerable.Range(0, ready).Select(i => Pod($"{replicaSet}-r{i}", replicaSet: replicaSet)),
         .. Enumerable.Range(0, notReady).Select(i => Pod($"{replicaSet}-n{i}", ready: false, replicaSet: replicaSet))];

    public static IntOrString Value(string text) =>
        int.TryParse(text, out var n) ? IntOrString.FromInt(n) : IntOrString.FromString(text);
}
