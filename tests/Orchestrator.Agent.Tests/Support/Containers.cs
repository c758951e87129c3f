using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>Builds runtime containers as a driver would report them.</summary>
internal static class Containers
{
    public static RuntimeContainer Running(Pod pod, string name, DateTimeOffset startedAt, int restartCount = 0, int backoffStep = 0, int pid = 4242) =>
        new(new ContainerKey(pod.Metadata.Uid!, name), "default", pod.Metadata.Name!, Hash(pod, name), $"process://{pid}", startedAt, null, restartCount, backoffStep, null, TimeSpan.FromSeconds(1));

    public static RuntimeContainer Exited(Pod pod, string name, int exitCode, DateTimeOffset startedAt, DateTimeOffset finishedAt, int restartCount = 0, int backoffStep = 0, int pid = 4242) =>
        Running(pod, name, startedAt, restartCount, backoffStep, pid) with
        {
            Exit = ContainerTermination.FromExitCode(exitCode, startedAt, finishedAt, $"process://{pid}"),
        };

    public static string Hash(Pod pod, string name) => ContainerSpecHash.Compute(pod.Spec!.Containers!.Single(container => container.Name == name));
}
