using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Scheduling;

/// <summary>Nodes and pods as the scheduler tests need them.</summary>
internal static class SchedulingFixtures
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Node Node(
        string name,
        string cpu = "4",
        string memory = "8Gi",
        int pods = 110,
        string ready = "True",
        bool unschedulable = false,
        Dictionary<string, string>? labels = null,
        params string[] runtimes)
    {
        var conditions = ready is null ? null : new List<NodeCondition> { new() { Type = "Ready", Status = ready } };
        return new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels },
            Spec = new NodeSpec { Unschedulable = unschedulable ? true : null },
            Status = new NodeStatus
            {
                Allocatable = new Dictionary<string, Quantity>
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new(memory),
                    ["pods"] = Quantity.FromNumber(pods),
                },
                Conditions = conditions,
                RuntimeHandlers = (runtimes.Length == 0 ? ["docker"] : runtimes).Select(static r => new NodeRuntimeHandler { Name = r }).ToList(),
            },
        };
    }

    public static Pod Pod(
        string name,
        string? cpu = null,
        string? memory = null,
        int ageSeconds = 0,
        string? nodeName = null,
        string? runtimeClass = null,
        Dictionary<string, string>? nodeSelector = null,
        string? phase = null,
        string ns = "default")
    {
        var requests = new Dictionary<string, Quantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new Quantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new Quantity(memory);
        }

        return new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, CreationTimestamp = Epoch.AddSeconds(-ageSeconds) },
            Spec = new PodSpec
            {
                NodeName = nodeName,
                RuntimeClassName = runtimeClass,
                NodeSelector = nodeSelector,
                Containers = [new Container { Name = "app", Image = "app:1", Resources = new ResourceRequirements { Requests = requests } }],
            },
            Status = phase is null ? null : new PodStatus { Phase = phase },
        };
    }
}
