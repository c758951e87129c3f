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
    public const int DefaultProbeTimeoutSeconds = 1;
    public const int DefaultProbePeriodSeconds = 10;
    public const int DefaultProbeSuccessThreshold = 1;
    public const int DefaultProbeFailureThreshold = 3;

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

    /// <summary>Type <c>Opaque</c> by default; <c>stringData</c> is merged into <c>data</c> (base64) and not kept.</summary>
    public static void Apply(Secret secret)
    {
        if (secret is null)
        {
            return;
        }

        secret.Type = string.IsNullOrEmpty(secret.Type) ? "Opaque" : secret.Type;
        if (secret.StringData is { } strings)
        {
            secret.Data ??= [];
            foreach (var (key, value) in strings)
            {
                secret.Data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value ?? ""));
            }

            secret.StringData = null;
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

    /// <summary>As Kubernetes' <c>SetDefaults_Probe</c>: a zero is the Go zero value, so it is defaulted like an omitted field.</summary>
    private static void ApplyProbe(Probe? probe)
    {
        if (probe is null)
        {
            return;
        }

        probe.TimeoutSeconds = probe.TimeoutSeconds is null or 0 ? DefaultProbeTimeoutSeconds : probe.TimeoutSeconds;
        probe.PeriodSeconds = probe.PeriodSeconds is null or 0 ? DefaultProbePeriodSeconds : probe.PeriodSeconds;
        probe.SuccessThreshold = probe.SuccessThreshold is null or 0 ? DefaultProbeSuccessThreshold : probe.SuccessThreshold;
        probe.FailureThreshold = probe.FailureThreshold is null or 0 ? DefaultProbeFailureThreshold : probe.FailureThreshold;
        ApplyHttpGet(probe.HttpGet);
    }

    private static void ApplyHttpGet(HttpGetAction? httpGet)
    {
        if (httpGet is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(httpGet.Path))
        {
            httpGet.Path = "/";
        }

        if (string.IsNullOrEmpty(httpGet.Scheme))
        {
            httpGet.Scheme = "HTTP";
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

        ApplyProbe(container.LivenessProbe);
        ApplyProbe(container.ReadinessProbe);
        ApplyProbe(container.StartupProbe);
        ApplyHttpGet(container.Lifecycle?.PostStart?.HttpGet);
        ApplyHttpGet(container.Lifecycle?.PreStop?.HttpGet);

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
