using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests;

/// <summary>Objects as a user or an agent would post them, and shortcuts to write and read them through the object service.</summary>
internal static class Manifests
{
    public static Pod Pod(string name, string? nodeName = null, string runtimeClass = "process", OwnerReference? owner = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = TestControlPlane.Namespace,
            Labels = new() { ["app"] = "web" },
            OwnerReferences = owner is null ? null : [owner],
        },
        Spec = new PodSpec
        {
            NodeName = nodeName,
            RuntimeClassName = runtimeClass,
            Containers = [new Container { Name = "web", Image = "web:1", Command = ["sleep", "3600"] }],
        },
    };

    public static Deployment Deployment(string name, int? replicas = 2) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestControlPlane.Namespace },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = Template(name),
        },
    };

    public static ReplicaSet ReplicaSet(string name, int replicas) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestControlPlane.Namespace },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = Template(name),
        },
    };

    /// <summary>A node as its agent registers it: Ready (unless told otherwise), running the given runtime classes.</summary>
    public static Node Node(string name, string ready = "True", params string[] runtimeClasses) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Status = new NodeStatus
        {
            Capacity = new() { ["cpu"] = new("4"), ["memory"] = new("8Gi"), ["pods"] = new("110") },
            Conditions = [new NodeCondition { Type = "Ready", Status = ready, Reason = "KubeletReady" }],
            RuntimeHandlers = [.. (runtimeClasses.Length == 0 ? ["process"] : runtimeClasses).Select(r => new NodeRuntimeHandler { Name = r })],
        },
    };

    /// <summary>Creates <paramref name="value"/> in the test tenant and returns it as stored.</summary>
    public static async Task<Versioned<T>> CreateAsync<T>(this TestControlPlane controlPlane, ResourceKind<T> kind, T value)
        where T : KubeObject
    {
        var (created, _) = await controlPlane.Objects.CreateAsync(kind, TestControlPlane.Tenant, value, CancellationToken.None);
        return (await controlPlane.GetAsync(kind, created.Object.Metadata.Name!))!;
    }

    public static Task<Versioned<T>?> GetAsync<T>(this TestControlPlane controlPlane, ResourceKind<T> kind, string name)
        where T : KubeObject =>
        controlPlane.Objects.GetAsync(kind, TestControlPlane.Tenant, kind.Namespaced ? TestControlPlane.Namespace : "", name, CancellationToken.None);

    public static Task<List<Versioned<T>>> ListAsync<T>(this TestControlPlane controlPlane, ResourceKind<T> kind)
        where T : KubeObject =>
        controlPlane.Objects.ListAllAsync(kind, TestControlPlane.Tenant, cancellationToken: CancellationToken.None);

    private static PodTemplateSpec Template(string app) => new()
    {
        Metadata = new ObjectMeta { Labels = new() { ["app"] = app } },
        Spec = new PodSpec
        {
            RuntimeClassName = "process",
            Containers = [new Container { Name = "web", Image = "web:1", Command = ["sleep", "3600"] }],
        },
    };
}
