using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>Builds pods for tests.</summary>
internal static class TestPods
{
    public static Pod Pod(string name, string uid, string restartPolicy = "Always", string? runtimeClassName = "process", params Container[] containers) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = uid },
        Spec = new PodSpec
        {
            NodeName = "node-1",
            RestartPolicy = restartPolicy,
            RuntimeClassName = runtimeClassName,
            TerminationGracePeriodSeconds = 1,
            Containers = containers.Length > 0 ? [.. containers] : [Container("app", "/bin/sleep", "30")],
        },
    };

    public static Container Container(string name, params string[] command) => new()
    {
        Name = name,
        Image = "busybox",
        Command = [.. command],
    };
}
