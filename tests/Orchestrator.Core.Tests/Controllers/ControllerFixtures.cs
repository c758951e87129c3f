using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>Workload objects and pods in the states the controller tests need.</summary>
internal static class ControllerFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static PodTemplateSpec Template(string image = "web:1", Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Labels = labels ?? new() { ["app"] = "web" }, Annotations = new() { ["team"] = "blue" } },
        Spec = new PodSpec
        {
            RestartPolicy = "Always",
            Containers = [new Container { Name = "web", Image = image, Resources = new() { Requests = new() { ["cpu"] = new("100m") } } }],
        },
    };

    public static ReplicaSet ReplicaSet(int replicas, int minReadySeconds = 0, long generation = 1) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new ObjectMeta { Name = "web-7d4b9", Namespace = "shop", Uid = "rs-uid", Generation = generation },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Template = Template(),
        },
    };

    /// <summary>A pod of the ReplicaSet: created <paramref name="ageSeconds"/> ago, optionally on a node, running, ready since some time.</summary>
    public static Pod OwnedPod(
        string name,
        int ageSeconds = 60,
        string? node = "node-a",
        string phase = "Running",
        int? readyForSeconds = 30,
        string ownerUid = "rs-uid",
        Dictionary<string, string>? labels = null)
    {
        var conditions = new List<PodCondition>();
        if (readyForSeconds is int seconds)
        {
            conditions.Add(new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Now.AddSeconds(-seconds) });
        }
        else
        {
            conditions.Add(new PodCondition { Type = "Ready", Status = "False", LastTransitionTime = Now.AddSeconds(-ageSeconds) });
        }

        return new Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = "shop",
                CreationTimestamp = Now.AddSeconds(-ageSeconds),
                Labels = labels ?? new() { ["app"] = "web" },
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-7d4b9", Uid = ownerUid, Controller = true }],
            },
            Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "web", Image = "web:1" }] },
            Status = new PodStatus { Phase = phase, Conditions = conditions },
        };
    }

    public static Deployment Deployment(int replicas = 3, string image = "web:1", string strategy = "RollingUpdate", IntOrString? maxSurge = null, IntOrString? maxUnavailable = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new ObjectMeta
        {
            Name = "web",
            Namespace = "shop",
            Uid = "deploy-uid",
            Generation = 1,
            Annotations = new() { ["kubernetes.io/change-cause"] = "first release", ["kubectl.kubernetes.io/last-applied-configuration"] = "{}" },
        },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Template = Template(image),
            Strategy = new DeploymentStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate"
                    ? new RollingUpdateDeployment { MaxSurge = maxSurge ?? IntOrString.FromString("25%"), MaxUnavailable = maxUnavailable ?? IntOrString.FromString("25%") }
                    : null,
            },
            RevisionHistoryLimit = 10,
            ProgressDeadlineSeconds = 600,
        },
    };
}
