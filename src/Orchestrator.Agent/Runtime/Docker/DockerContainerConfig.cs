using System.Globalization;
using Docker.DotNet.Models;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>
/// Turns a launch into the engine's create request: <c>command</c> → Entrypoint, <c>args</c> → Cmd, env (with
/// <c>fieldRef</c> and <c>$(VAR)</c> expansion), workingDir, limits, ports, labels. A spec that cannot run becomes a
/// <see cref="ContainerCreateException"/> with reason <c>CreateContainerConfigError</c>.
/// </summary>
/// <remarks>
/// Networking: the agent's engines may run with <c>--bridge=none</c>, so containers use the host's network by
/// default, like <c>hostNetwork: true</c> pods: a <c>hostPort</c> must then equal its <c>containerPort</c>. When a
/// container publishes a <c>hostPort</c> and the engine has a <c>bridge</c> network, the container joins it and
/// the port is published there, so <c>hostPort</c> may differ. Either way the pod is reached at the node's address,
/// which is why <c>status.podIP</c> is the node's InternalIP.
/// </remarks>
internal static class DockerContainerConfig
{
    public const string HostNetwork = "host";
    public const string BridgeNetwork = "bridge";

    /// <summary>The label that carries the preStop hook, so a restarted agent still runs it on stop.</summary>
    public const string PreStopLabel = DockerLabels.Prefix + "pre-stop";

    public static bool PublishesHostPorts(Container spec) =>
        spec.Ports?.Any(port => port.HostPort is > 0) == true;

    public static CreateContainerParameters Build(ContainerLaunch launch, string image, string nodeName, string nodeAddress, bool bridgeAvailable)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var spec = launch.Spec;
        var environment = Environment(launch, nodeName, nodeAddress);
        var labels = DockerLabels.For(launch, nodeName);
        if (PreStopHook.Serialize(spec) is { } preStop)
        {
            labels[PreStopLabel] = preStop;
        }

        var useBridge = bridgeAvailable && PublishesHostPorts(spec);
        var hostConfig = new HostConfig
        {
            NetworkMode = useBridge ? BridgeNetwork : HostNetwork,
            // The agent applies restartPolicy itself, with back-off and accounting.
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            // Service names resolve to their cluster IPs, where the node's proxy listens (ADR 0012).
            ExtraHosts = launch.Services.ExtraHosts.Count > 0 ? [.. launch.Services.ExtraHosts] : null,
        };
        ApplyLimits(hostConfig, spec);

        var parameters = new CreateContainerParameters
        {
            Image = image,
            Entrypoint = spec.Command is { Count: > 0 } command ? [.. command.Select(part => EnvReferenceExpander.Expand(part, environment))] : null,
            Cmd = spec.Args is { Count: > 0 } args ? [.. args.Select(part => EnvReferenceExpander.Expand(part, environment))] : null,
            Env = [.. environment.Select(pair => pair.Key + "=" + pair.Value)],
            WorkingDir = string.IsNullOrEmpty(spec.WorkingDir) ? null : spec.WorkingDir,
            Labels = labels,
            StopTimeout = launch.TerminationGracePeriod,
            HostConfig = hostConfig,
        };
        ApplyPorts(parameters, spec, useBridge);
        return parameters;
    }

    private static Dictionary<string, string> Environment(ContainerLaunch launch, string nodeName, string nodeAddress)
    {
        // Ordered as written: $(VAR) sees only the variables defined before it, as in Kubernetes, plus the Services'
        // variables, which come first so that a variable the user defines with the same name wins.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in launch.Services.Environment)
        {
            environment[name] = value;
        }

        foreach (var variable in launch.Spec.Env ?? [])
        {
            if (string.IsNullOrEmpty(variable.Name))
            {
                continue;
            }

            string value;
            if (variable.ValueFrom is { } source && variable.Value is null)
            {
                if (source.FieldRef is not { } field)
                {
                    throw new ContainerCreateException(
                        ContainerCreateException.CreateContainerConfigError,
                        $"env \"{variable.Name}\": only valueFrom.fieldRef is resolved by this agent yet");
                }

                value = PodFieldValues.Resolve(field.FieldPath, launch, nodeName, nodeAddress)
                    ?? throw new ContainerCreateException(
                        ContainerCreateException.CreateContainerConfigError,
                        $"env \"{variable.Name}\": unsupported fieldRef.fieldPath \"{field.FieldPath}\"");
            }
            else
            {
                value = EnvReferenceExpander.Expand(variable.Value ?? "", environment);
            }

            environment.Remove(variable.Name);
            environment[variable.Name] = value;
        }

        return environment;
    }

    private static void ApplyLimits(HostConfig hostConfig, Container spec)
    {
        if (spec.Resources?.Limits is not { } limits)
        {
            return;
        }

        if (limits.TryGetValue("cpu", out var cpu))
        {
            hostConfig.NanoCPUs = Parse(cpu, "cpu").MilliValue * 1_000_000;
        }

        if (limits.TryGetValue("memory", out var memory))
        {
            var bytes = (long)Math.Ceiling(Parse(memory, "memory").Value);
            hostConfig.Memory = bytes;
            // No swap on top of the limit, as the kubelet does: a container over its limit is OOM-killed.
            hostConfig.MemorySwap = bytes;
        }
    }

    private static Quantity Parse(Quantity quantity, string resource)
    {
        if (!quantity.IsValid || quantity.Value <= 0)
        {
            throw new ContainerCreateException(
                ContainerCreateException.CreateContainerConfigError,
                $"resources.limits.{resource} \"{quantity.Text}\" is not a positive quantity");
        }

        return quantity;
    }

    private static void ApplyPorts(CreateContainerParameters parameters, Container spec, bool useBridge)
    {
        var exposed = new Dictionary<string, EmptyStruct>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, IList<PortBinding>>(StringComparer.Ordinal);
        foreach (var port in spec.Ports ?? [])
        {
            var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
            var key = port.ContainerPortNumber.ToString(CultureInfo.InvariantCulture) + "/" + protocol;
            exposed[key] = default;
            if (port.HostPort is not > 0 || port.HostPort is not { } hostPort)
            {
                continue;
            }

            if (!useBridge && hostPort != port.ContainerPortNumber)
            {
                throw new ContainerCreateException(
                    ContainerCreateException.CreateContainerConfigError,
                    $"ports: hostPort {hostPort} differs from containerPort {port.ContainerPortNumber}, but this node's Docker engine has no bridge network, so containers share the host's network and a port can only be published as itself");
            }

            if (!bindings.TryGetValue(key, out var list))
            {
                list = [];
                bindings[key] = list;
            }

            list.Add(new PortBinding { HostIP = port.HostIP ?? "", HostPort = hostPort.ToString(CultureInfo.InvariantCulture) });
        }

        parameters.ExposedPorts = exposed.Count > 0 ? exposed : null;
        if (useBridge && bindings.Count > 0)
        {
            parameters.HostConfig.PortBindings = bindings;
        }
    }
}
