using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    private const long MaxQuantityValue = long.MaxValue / 1000;

    private static readonly string[] StandardResourceNames = ["cpu", "memory", "pods", "ephemeral-storage"];

    private static void ValidatePodSpec(PodSpec spec, string path, string[] restartPolicies, ValidationFindings findings)
    {
        ValidateContainers(spec.Containers, path + ".containers", findings);
        ValidateContainerHealth(spec, path, findings);

        if (spec.RestartPolicy is { Length: > 0 } policy && Array.IndexOf(PodRestartPolicies, policy) >= 0)
        {
            // Valid for a pod, but a workload template may only restart always.
            findings.OneOf(path + ".restartPolicy", policy, restartPolicies);
        }
        else
        {
            findings.OneOf(path + ".restartPolicy", spec.RestartPolicy, PodRestartPolicies);
        }

        findings.OneOf(path + ".dnsPolicy", spec.DnsPolicy, "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
        LabelValidation.ValidateLabels(spec.NodeSelector, path + ".nodeSelector", findings.Errors);
        if (!string.IsNullOrEmpty(spec.RuntimeClassName))
        {
            findings.Name(path + ".runtimeClassName", spec.RuntimeClassName, NameRules.Dns1123SubdomainErrors);
        }

        if (!string.IsNullOrEmpty(spec.SchedulerName))
        {
            findings.Name(path + ".schedulerName", spec.SchedulerName, NameRules.Dns1123SubdomainErrors);
        }

        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            findings.Name(path + ".nodeName", spec.NodeName, NameRules.Dns1123SubdomainErrors);
        }

        findings.NonNegative(path + ".terminationGracePeriodSeconds", spec.TerminationGracePeriodSeconds);
        ValidateTolerations(spec.Tolerations, path + ".tolerations", findings);
        ValidateAffinity(spec.Affinity, path + ".affinity", findings);

        findings.NotImplemented(path + ".initContainers", spec.InitContainers);
        findings.NotImplemented(path + ".ephemeralContainers", spec.EphemeralContainers);
        findings.NotImplemented(path + ".volumes", spec.Volumes);
        findings.NotImplemented(path + ".securityContext", spec.SecurityContext);
        findings.NotImplemented(path + ".serviceAccountName", spec.ServiceAccountName);
        findings.NotImplemented(path + ".serviceAccount", spec.ServiceAccount);
        findings.NotImplemented(path + ".automountServiceAccountToken", spec.AutomountServiceAccountToken);
        findings.NotImplemented(path + ".hostNetwork", spec.HostNetwork);
        findings.NotImplemented(path + ".hostPID", spec.HostPID);
        findings.NotImplemented(path + ".hostIPC", spec.HostIPC);
        findings.NotImplemented(path + ".hostUsers", spec.HostUsers);
        findings.NotImplemented(path + ".shareProcessNamespace", spec.ShareProcessNamespace);
        findings.NotImplemented(path + ".dnsConfig", spec.DnsConfig);
        findings.NotImplemented(path + ".hostAliases", spec.HostAliases);
        findings.NotImplemented(path + ".hostname", spec.Hostname);
        findings.NotImplemented(path + ".subdomain", spec.Subdomain);
        findings.NotImplemented(path + ".setHostnameAsFQDN", spec.SetHostnameAsFQDN);
        findings.NotImplemented(path + ".priorityClassName", spec.PriorityClassName);
        findings.NotImplemented(path + ".priority", spec.Priority);
        findings.NotImplemented(path + ".preemptionPolicy", spec.PreemptionPolicy);
        ValidateTopologySpreadConstraints(spec.TopologySpreadConstraints, path + ".topologySpreadConstraints", findings);
        findings.NotImplemented(path + ".overhead", spec.Overhead);
        findings.NotImplemented(path + ".enableServiceLinks", spec.EnableServiceLinks);
        findings.NotImplemented(path + ".readinessGates", spec.ReadinessGates);
        findings.NotImplemented(path + ".activeDeadlineSeconds", spec.ActiveDeadlineSeconds);
        findings.NotImplemented(path + ".os", spec.Os);
        findings.NotImplemented(path + ".schedulingGates", spec.SchedulingGates);
        findings.NotImplemented(path + ".resourceClaims", spec.ResourceClaims);
        findings.NotImplemented(path + ".resources", spec.Resources);
    }

    private static void ValidateContainers(List<Container>? containers, string path, ValidationFindings findings)
    {
        if (containers is not { Count: > 0 })
        {
            findings.Add(FieldError.Required(path));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        var hostPorts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var containerPath = $"{path}[{i}]";
            var container = containers[i];
            if (container is null)
            {
                findings.Add(FieldError.Required(containerPath));
                continue;
            }

            if (string.IsNullOrEmpty(container.Name))
            {
                findings.Add(FieldError.Required(containerPath + ".name"));
            }
            else
            {
                findings.Name(containerPath + ".name", container.Name, NameRules.Dns1123LabelErrors);
                if (!names.Add(container.Name))
                {
                    findings.Add(FieldError.Duplicate(containerPath + ".name", container.Name));
                }
            }

            if (string.IsNullOrEmpty(container.Image))
            {
                findings.Add(FieldError.Required(containerPath + ".image"));
            }
            else if (container.Image.Trim() != container.Image)
            {
                findings.Add(FieldError.Invalid(containerPath + ".image", container.Image, "must not have leading or trailing whitespace"));
            }

            findings.OneOf(containerPath + ".imagePullPolicy", container.ImagePullPolicy, "Always", "IfNotPresent", "Never");
            findings.OneOf(containerPath + ".terminationMessagePolicy", container.TerminationMessagePolicy, "File", "FallbackToLogsOnError");
            ValidatePorts(container.Ports, containerPath + ".ports", portNames, hostPorts, findings);
            ValidateEnv(container.Env, containerPath + ".env", findings);
            ValidateResources(container.Resources, containerPath + ".resources", findings);

            findings.NotImplemented(containerPath + ".envFrom", container.EnvFrom);
            findings.NotImplemented(containerPath + ".volumeMounts", container.VolumeMounts);
            findings.NotImplemented(containerPath + ".volumeDevices", container.VolumeDevices);
            findings.NotImplemented(containerPath + ".securityContext", container.SecurityContext);
            findings.NotImplemented(containerPath + ".stdin", container.Stdin);
            findings.NotImplemented(containerPath + ".stdinOnce", container.StdinOnce);
            findings.NotImplemented(containerPath + ".tty", container.Tty);
            findings.NotImplemented(containerPath + ".resizePolicy", container.ResizePolicy);
            findings.NotImplemented(containerPath + ".restartPolicy", container.RestartPolicy);
        }
    }

    private static void ValidatePorts(
        List<ContainerPort>? ports, string path, HashSet<string> podPortNames, HashSet<string> podHostPorts, ValidationFindings findings)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var portPath = $"{path}[{i}]";
            var port = ports![i];
            if (port is null)
            {
                findings.Add(FieldError.Required(portPath));
                continue;
            }

            if (!string.IsNullOrEmpty(port.Name))
            {
                findings.Name(portPath + ".name", port.Name, NameRules.IanaSvcNameErrors);
                // Port names are unique across all containers of the pod.
                if (!podPortNames.Add(port.Name))
                {
                    findings.Add(FieldError.Duplicate(portPath + ".name", port.Name));
                }
            }

            if (port.ContainerPortNumber == 0)
            {
                findings.Add(FieldError.Required(portPath + ".containerPort"));
            }
            else if (port.ContainerPortNumber is < 1 or > 65535)
            {
                findings.Add(FieldError.Invalid(portPath + ".containerPort", port.ContainerPortNumber, "must be between 1 and 65535, inclusive"));
            }

            if (port.HostPort is { } hostPort and not 0)
            {
                if (hostPort is < 1 or > 65535)
                {
                    findings.Add(FieldError.Invalid(portPath + ".hostPort", hostPort, "must be between 1 and 65535, inclusive"));
                }
                else if (!podHostPorts.Add($"{port.Protocol ?? "TCP"}/{port.HostIP}/{hostPort}"))
                {
                    findings.Add(FieldError.Duplicate(portPath + ".hostPort", $"{port.Protocol ?? "TCP"}/{port.HostIP}/{hostPort}"));
                }
            }

            findings.OneOf(portPath + ".protocol", port.Protocol, "TCP", "UDP", "SCTP");
        }
    }

    private static void ValidateEnv(List<EnvVar>? env, string path, ValidationFindings findings)
    {
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var envPath = $"{path}[{i}]";
            var variable = env![i];
            if (variable is null)
            {
                findings.Add(FieldError.Required(envPath));
                continue;
            }

            if (string.IsNullOrEmpty(variable.Name))
            {
                findings.Add(FieldError.Required(envPath + ".name"));
            }
            else
            {
                findings.Name(envPath + ".name", variable.Name, NameRules.EnvVarNameErrors);
            }

            if (!string.IsNullOrEmpty(variable.Value) && variable.ValueFrom is not null)
            {
                findings.Add(FieldError.Invalid(envPath + ".valueFrom", "", "may not be specified when `value` is not empty"));
            }

            if (variable.ValueFrom is { } source)
            {
                ValidateEnvSource(source, envPath + ".valueFrom", findings);
                findings.NotImplemented(envPath + ".valueFrom.resourceFieldRef", source.ResourceFieldRef);
                findings.NotImplemented(envPath + ".valueFrom.configMapKeyRef", source.ConfigMapKeyRef);
                findings.NotImplemented(envPath + ".valueFrom.secretKeyRef", source.SecretKeyRef);
                findings.NotImplemented(envPath + ".valueFrom.fileKeyRef", source.FileKeyRef);
            }
        }
    }

    private static void ValidateResources(ResourceRequirements? resources, string path, ValidationFindings findings)
    {
        if (resources is null)
        {
            return;
        }

        ValidateResourceList(resources.Limits, path + ".limits", findings);
        ValidateResourceList(resources.Requests, path + ".requests", findings);
        if (resources.Requests is { } requests && resources.Limits is { } limits)
        {
            foreach (var (name, request) in requests)
            {
                if (request is { IsValid: true } && limits.TryGetValue(name, out var limit) && limit is { IsValid: true } && request.Value > limit.Value)
                {
                    findings.Add(FieldError.Invalid($"{path}.requests[{name}]", request.Text, $"must be less than or equal to {name} limit of {limit.Text}"));
                }
            }
        }

        findings.NotImplemented(path + ".claims", resources.Claims);
    }

    private static void ValidateResourceList(Dictionary<string, Quantity>? resources, string path, ValidationFindings findings)
    {
        if (resources is null)
        {
            return;
        }

        foreach (var (name, quantity) in resources)
        {
            var itemPath = $"{path}[{name}]";
            if (name.Contains('/', StringComparison.Ordinal))
            {
                findings.Name(itemPath, name, NameRules.QualifiedNameErrors);
            }
            else if (Array.IndexOf(StandardResourceNames, name) < 0 && !name.StartsWith("hugepages-", StringComparison.Ordinal))
            {
                findings.Add(FieldError.NotSupported(itemPath, name, StandardResourceNames));
            }

            ValidateQuantity(quantity, itemPath, findings);
        }
    }

    private static void ValidateQuantities(Dictionary<string, Quantity>? resources, string path, ValidationFindings findings)
    {
        foreach (var (name, quantity) in resources ?? [])
        {
            ValidateQuantity(quantity, $"{path}[{name}]", findings);
        }
    }

    private static void ValidateQuantity(Quantity? quantity, string path, ValidationFindings findings)
    {
        if (quantity is null)
        {
            findings.Add(FieldError.Required(path));
        }
        else if (!quantity.IsValid)
        {
            findings.Add(FieldError.Invalid(path, quantity.Text, "must match the regular expression '" + Quantity.Grammar + "'"));
        }
        else if (quantity.Value < 0)
        {
            findings.Add(FieldError.Invalid(path, quantity.Text, "must be greater than or equal to 0"));
        }
        else if (quantity.Value > MaxQuantityValue)
        {
            // Quantity.MilliValue, which the scheduler sums, would overflow a long.
            findings.Add(FieldError.Invalid(path, quantity.Text, $"must be less than or equal to {MaxQuantityValue}"));
        }
    }
}
