using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Validation;

/// <summary>Minimal valid objects that a test breaks in one place.</summary>
internal static class ValidObjects
{
    public static PodSpec PodSpec() => new()
    {
        Containers =
        [
            new Container
            {
                Name = "web",
                Image = "nginx:1.27",
                Ports = [new ContainerPort { Name = "http", ContainerPortNumber = 80, Protocol = "TCP" }],
                Env = [new EnvVar { Name = "MODE", Value = "prod" }],
                Resources = new ResourceRequirements
                {
                    Requests = new() { ["cpu"] = new Quantity("250m"), ["memory"] = new Quantity("64Mi") },
                    Limits = new() { ["cpu"] = new Quantity("500m"), ["memory"] = new Quantity("128Mi") },
                },
            },
        ],
        RestartPolicy = "Always",
    };

    public static Pod Pod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta { Name = "web-1", Namespace = "default", Labels = new() { ["app"] = "web" } },
        Spec = PodSpec(),
    };

    public static Deployment Deployment() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
        Spec = new DeploymentSpec
        {
            Replicas = 3,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "web", ["tier"] = "frontend" } },
                Spec = PodSpec(),
            },
        },
    };

    public static ReplicaSet ReplicaSet() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new ObjectMeta { Name = "web-5d9c7b", Namespace = "default" },
        Spec = new ReplicaSetSpec
        {
            Replicas = 2,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web", ["pod-template-hash"] = "5d9c7b" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "web", ["pod-template-hash"] = "5d9c7b" } },
                Spec = PodSpec(),
            },
        },
    };

    public static Node Node() => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new ObjectMeta { Name = "node-1.example.com" },
        Spec = new NodeSpec { Taints = [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] },
    };

    public static Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new ObjectMeta { Name = "team-a" },
    };

    public static Event Event() => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new ObjectMeta { Name = "web-1.17a3f", Namespace = "default" },
        InvolvedObject = new ObjectReference { Kind = "Pod", Name = "web-1", Namespace = "default" },
        Reason = "Scheduled",
        Type = "Normal",
    };
}
