using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Defaulting;

/// <summary>
/// Fills unset fields with the Kubernetes defaults before validation and storage. Partial objects never throw:
/// what is missing is left for validation to report.
/// </summary>
public static class ObjectDefaults
{
    public const string DefaultSchedulerName = "default-scheduler";
    public const long DefaultTerminationGracePeriodSeconds = 30;
    public const string DefaultTerminationMessagePath = "/dev/termination-log";
    public const int DefaultDeploymentRevisionHistoryLimit = 10;
    public const int DefaultDeploymentProgressDeadlineSeconds = 600;
    public const string DefaultRollingUpdatePercent = "25%";

    public static void Apply(Pod pod)
    {
        if (pod?.Spec is { } spec)
        {
            ApplyPodSpec(spec);
        }
    }

    public static void Apply(Deployment deployment)
    {
        if (deployment?.Spec is not { } spec)
        {
            return;
        }

        spec.Replicas ??= 1;
        spec.Strategy ??= new DeploymentStrategy();
        if (string.IsNullOrEmpty(spec.Strategy.Type))
        {
            spec.Strategy.Type = "RollingUpdate";
        }

        if (spec.Strategy.Type == "RollingUpdate")
        {
            spec.Strategy.RollingUpdate ??= new RollingUpdateDeployment();
            spec.Strategy.RollingUpdate.MaxUnavailable ??= IntOrString.FromString(DefaultRollingUpdatePercent);
            spec.Strategy.RollingUpdate.MaxSurge ??= IntOrString.FromString(DefaultRollingUpdatePercent);
        }

        spec.RevisionHistoryLimit ??= DefaultDeploymentRevisionHistoryLimit;
        spec.ProgressDeadlineSeconds ??= DefaultDeploymentProgressDeadlineSeconds;
        if (spec.Template?.Spec is { } podSpec)
        {
            ApplyPodSpec(podSpec);
        }
    }

    public static void Apply(ReplicaSet replicaSet)
    {
        if (replicaSet?.Spec is not { } spec)
        {
            return;
        }

        spec.Replicas ??= 1;
        if (spec.Template?.Spec is { } podSpec)
        {
            ApplyPodSpec(podSpec);
        }
    }

    public static void Apply(Namespace ns)
    {
        if (ns is null)
        {
            return;
        }

        ns.Status ??= new NamespaceStatus();
        if (string.IsNullOrEmpty(ns.Status.Phase))
        {
            ns.Status.Phase = "Active";
        }
    }

    public static void Apply(Node node)
    {
        // As Kubernetes: a node that reports no allocatable resources can allocate its whole capacity.
        if (node?.Status is { Capacity: { } capacity } status && status.Allocatable is null)
        {
            status.Allocatable = new Dictionary<string, Quantity>(capacity);
        }
    }

    /// <summary>The pull policy Kubernetes chooses: <c>Always</c> for <c>:latest</c> or an untagged image, else <c>IfNotPresent</c>.</summary>
    public static string DefaultImagePullPolicy(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        // The tag follows the last ':' of the last path segment; an earlier ':' is a registry port.
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        var tag = colon < 0 ? "latest" : lastSegment[(colon + 1)..];
        return tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static void ApplyPodSpec(PodSpec spec)
    {
        if (string.IsNullOrEmpty(spec.RestartPolicy))
        {
            spec.RestartPolicy = "Always";
        }

        spec.TerminationGracePeriodSeconds ??= DefaultTerminationGracePeriodSeconds;
        if (string.IsNullOrEmpty(spec.DnsPolicy))
        {
            spec.DnsPolicy = "ClusterFirst";
        }

        if (string.IsNullOrEmpty(spec.SchedulerName))
        {
            spec.SchedulerName = DefaultSchedulerName;
        }

        foreach (var container in spec.Containers ?? [])
        {
            if (container is not null)
            {
                ApplyContainer(container);
            }
        }
    }

    private static void ApplyContainer(Container container)
    {
        if (string.IsNullOrEmpty(container.TerminationMessagePath))
        {
            container.TerminationMessagePath = DefaultTerminationMessagePath;
        }

        if (string.IsNullOrEmpty(container.TerminationMessagePolicy))
        {
            container.TerminationMessagePolicy = "File";
        }

        if (string.IsNullOrEmpty(container.ImagePullPolicy) && !string.IsNullOrEmpty(container.Image))
        {
            container.ImagePullPolicy = DefaultImagePullPolicy(container.Image);
        }

        foreach (var port in container.Ports ?? [])
        {
            if (port is not null && string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }

        // As Kubernetes: a limit without a request requests the limit, so the scheduler sees what the container may use.
        if (container.Resources?.Limits is { Count: > 0 } limits)
        {
            var requests = container.Resources.Requests ??= [];
            foreach (var (name, limit) in limits)
            {
                requests.TryAdd(name, limit);
            }
        }
    }
}
