using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Resources;

/// <summary>The kinds this API serves, looked up by group, version and plural.</summary>
public sealed class ResourceRegistry
{
    /// <summary>The index under which pods are listed by node (empty value: not yet scheduled).</summary>
    public const string NodeIndex = "node";

    /// <summary>The index under which dependents are listed by the uid of their controlling owner.</summary>
    public const string OwnerIndex = "owner";

    /// <summary>The label that ties an EndpointSlice to its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Dictionary<(string Group, string Version, string Plural), ResourceKind> _byPath;

    public ResourceRegistry()
    {
        All = [Pods, Nodes, Namespaces, Events, Secrets, Services, ReplicaSets, Deployments, PodDisruptionBudgets, EndpointSlices];
        _byPath = All.ToDictionary(k => (k.Group, k.Version, k.Plural));
    }

    public static ResourceKind<Pod> Pods { get; } = new("", "v1", "pods", "pod", "Pod", namespaced: true, ["po"], KubeJsonContext.Default.Pod, KubeJsonContext.Default.KubeListPod)
    {
        Defaults = ObjectDefaults.Apply,
        Validator = ObjectValidator.ValidatePod,
        UpdateValidator = ObjectValidator.ValidatePodUpdate,
        IndexEntries = pod => WithOwner(pod, new IndexEntry(NodeIndex, pod.Spec?.NodeName ?? "")),
        Spec = pod => pod.Spec,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        CreatePreparation = pod =>
        {
            pod.Status = new PodStatus { Phase = "Pending", QosClass = QosClass(pod) };
            DefaultTolerations.Apply(pod);
        },
        ExtraFields = new Dictionary<string, Func<Pod, string?>>
        {
            ["spec.nodeName"] = pod => pod.Spec?.NodeName ?? "",
            ["status.phase"] = pod => pod.Status?.Phase ?? "",
            ["spec.restartPolicy"] = pod => pod.Spec?.RestartPolicy ?? "",
        },
    };

    public static ResourceKind<Node> Nodes { get; } = new("", "v1", "nodes", "node", "Node", namespaced: false, ["no"], KubeJsonContext.Default.Node, KubeJsonContext.Default.KubeListNode)
    {
        Defaults = ObjectDefaults.Apply,
        Validator = ObjectValidator.ValidateNode,
        Spec = node => node.Spec,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        ExtraFields = new Dictionary<string, Func<Node, string?>>
        {
            ["spec.unschedulable"] = node => node.Spec?.Unschedulable == true ? "true" : "false",
        },
    };

    public static ResourceKind<Namespace> Namespaces { get; } = new("", "v1", "namespaces", "namespace", "Namespace", namespaced: false, ["ns"], KubeJsonContext.Default.Namespace, KubeJsonContext.Default.KubeListNamespace)
    {
        Defaults = ObjectDefaults.Apply,
        Validator = ObjectValidator.ValidateNamespace,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        CreatePreparation = ns => ns.Status = new NamespaceStatus { Phase = "Active" },
        ExtraFields = new Dictionary<string, Func<Namespace, string?>>
        {
            ["status.phase"] = ns => ns.Status?.Phase ?? "",
        },
    };

    public static ResourceKind<Event> Events { get; } = new("", "v1", "events", "event", "Event", namespaced: true, ["ev"], KubeJsonContext.Default.Event, KubeJsonContext.Default.KubeListEvent)
    {
        Validator = ObjectValidator.ValidateEvent,
        ExtraFields = new Dictionary<string, Func<Event, string?>>
        {
            ["involvedObject.kind"] = e => e.InvolvedObject?.Kind ?? "",
            ["involvedObject.name"] = e => e.InvolvedObject?.Name ?? "",
            ["involvedObject.uid"] = e => e.InvolvedObject?.Uid ?? "",
            ["reason"] = e => e.Reason ?? "",
            ["type"] = e => e.Type ?? "",
        },
    };

    public static ResourceKind<Secret> Secrets { get; } = new("", "v1", "secrets", "secret", "Secret", namespaced: true, [], KubeJsonContext.Default.Secret, KubeJsonContext.Default.KubeListSecret)
    {
        Defaults = ObjectDefaults.Apply,
        Validator = ObjectValidator.ValidateSecret,
        UpdateValidator = ObjectValidator.ValidateSecretUpdate,
        ExtraFields = new Dictionary<string, Func<Secret, string?>>
        {
            ["type"] = s => s.Type ?? "",
        },
    };

    public static ResourceKind<Service> Services { get; } = new("", "v1", "services", "service", "Service", namespaced: true, ["svc"], KubeJsonContext.Default.Service, KubeJsonContext.Default.KubeListService)
    {
        Defaults = ServiceDefaults.Apply,
        Validator = ObjectValidator.ValidateService,
        UpdateValidator = ObjectValidator.ValidateServiceUpdate,
        Spec = s => s.Spec,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        CreatePreparation = s => s.Status = null,
        ExtraFields = new Dictionary<string, Func<Service, string?>>
        {
            ["spec.clusterIP"] = s => s.Spec?.ClusterIP ?? "",
            ["spec.type"] = s => s.Spec?.Type ?? "",
        },
    };

    /// <summary>EndpointSlices, listed by the label <see cref="ServiceNameLabel"/> through label selectors.</summary>
    public static ResourceKind<EndpointSlice> EndpointSlices { get; } = new("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", namespaced: true, [], KubeJsonContext.Default.EndpointSlice, KubeJsonContext.Default.KubeListEndpointSlice)
    {
        Defaults = ServiceDefaults.Apply,
        Validator = ObjectValidator.ValidateEndpointSlice,
        UpdateValidator = ObjectValidator.ValidateEndpointSliceUpdate,
        IndexEntries = slice => WithOwner(slice),
        ExtraFields = new Dictionary<string, Func<EndpointSlice, string?>>
        {
            ["addressType"] = s => s.AddressType ?? "",
        },
    };

    public static ResourceKind<ReplicaSet> ReplicaSets { get; } = new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", namespaced: true, ["rs"], KubeJsonContext.Default.ReplicaSet, KubeJsonContext.Default.KubeListReplicaSet)
    {
        Defaults = ObjectDefaults.Apply,
        Validator = ObjectValidator.ValidateReplicaSet,
        UpdateValidator = ObjectValidator.ValidateReplicaSetUpdate,
        IndexEntries = rs => WithOwner(rs),
        Spec = rs => rs.Spec,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        CreatePreparation = rs => rs.Status = null,
    };

    public static ResourceKind<Deployment> Deployments { get; } = new("apps", "v1", "deployments", "deployment", "Deployment", namespaced: true, ["deploy"], KubeJsonContext.Default.Deployment, KubeJsonContext.Default.KubeListDeployment)
    {
        Defaults = ObjectDefaults.Apply,
        Validator = ObjectValidator.ValidateDeployment,
        UpdateValidator = ObjectValidator.ValidateDeploymentUpdate,
        Spec = d => d.Spec,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        CreatePreparation = d => d.Status = null,
    };

    public static ResourceKind<PodDisruptionBudget> PodDisruptionBudgets { get; } = new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", namespaced: true, ["pdb"], KubeJsonContext.Default.PodDisruptionBudget, KubeJsonContext.Default.KubeListPodDisruptionBudget)
    {
        Validator = ObjectValidator.ValidatePodDisruptionBudget,
        Spec = pdb => pdb.Spec,
        StatusCopier = (from, to) => to.Status = from.Status,
        SpecCopier = (from, to) => to.Spec = from.Spec,
        CreatePreparation = pdb => pdb.Status = null,
    };

    public IReadOnlyList<ResourceKind> All { get; }

    public ResourceKind? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var kind) ? kind : null;

    /// <summary>The uid of the object's controlling owner, if it has one.</summary>
    public static string? ControllerUid(KubeObject value) =>
        value.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;

    private static IndexEntry[] WithOwner(KubeObject value, params IndexEntry[] entries) =>
        ControllerUid(value) is { Length: > 0 } uid ? [.. entries, new IndexEntry(OwnerIndex, uid)] : entries;

    private static string QosClass(Pod pod)
    {
        var containers = pod.Spec?.Containers ?? [];
        var any = containers.Any(c => c.Resources?.Requests?.Count > 0 || c.Resources?.Limits?.Count > 0);
        if (!any)
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(c =>
            c.Resources?.Limits is { } limits && limits.ContainsKey("cpu") && limits.ContainsKey("memory") &&
            (c.Resources.Requests is not { } requests || (Same(requests, limits, "cpu") && Same(requests, limits, "memory"))));
        return guaranteed ? "Guaranteed" : "Burstable";

        static bool Same(Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits, string name) =>
            !requests.TryGetValue(name, out var request) || request is null || request.Equals(limits[name]);
    }
}
