using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Nodes;

/// <summary>Builds the node's status: capacity, the Ready condition, addresses, system info and runtime handlers.</summary>
internal sealed class NodeStatusBuilder
{
    private readonly NodeSystemProbe _probe;
    private readonly NodeAddressResolver _addresses;
    private readonly IRuntimeDriver _runtime;
    private readonly int _maxPods;

    public NodeStatusBuilder(NodeSystemProbe probe, NodeAddressResolver addresses, IRuntimeDriver runtime, IOptions<AgentOptions> options)
    {
        _probe = probe;
        _addresses = addresses;
        _runtime = runtime;
        _maxPods = options.Value.MaxPods;
    }

    /// <summary>The status at <paramref name="heartbeat"/>; <paramref name="readySince"/> (when this agent run first reported Ready) is the condition's lastTransitionTime.</summary>
    public NodeStatus Build(DateTimeOffset heartbeat, DateTimeOffset readySince)
    {
        var capacity = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["cpu"] = Quantity.FromNumber(NodeSystemProbe.ProcessorCount),
            ["memory"] = new Quantity(_probe.MemoryKi.ToString(System.Globalization.CultureInfo.InvariantCulture) + "Ki"),
            ["pods"] = Quantity.FromNumber(_maxPods),
        };

        return new NodeStatus
        {
            Capacity = capacity,
            // Nothing is reserved for the system yet.
            Allocatable = new Dictionary<string, Quantity>(capacity, StringComparer.Ordinal),
            Conditions =
            [
                new NodeCondition
                {
                    Type = "Ready",
                    Status = "True",
                    Reason = "AgentReady",
                    Message = "orch-agent is posting ready status",
                    LastHeartbeatTime = heartbeat,
                    LastTransitionTime = readySince,
                },
            ],
            Addresses =
            [
                new NodeAddress { Type = "InternalIP", Address = _addresses.InternalIP },
                new NodeAddress { Type = "Hostname", Address = NodeAddressResolver.HostName },
            ],
            NodeInfo = _probe.SystemInfo(_runtime.RuntimeVersion),
            // Docker is advertised only while its engine answers, so the scheduler sends no pod it cannot run.
            RuntimeHandlers = _runtime is RuntimeDriverSet set
                ? [.. set.Available.Select(driver => new NodeRuntimeHandler { Name = driver.RuntimeClassName })]
                : [new NodeRuntimeHandler { Name = _runtime.RuntimeClassName }],
        };
    }
}
