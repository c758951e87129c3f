using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Core.Objects;
using Orchestrator.Testing.Docker;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

/// <summary>Launches and waits shared by the Docker tests.</summary>
internal static class DockerTestLaunches
{
    public static string NewNode() => "node-" + Guid.NewGuid().ToString("N")[..8];

    public static Container Busybox(string name, params string[] command) => new()
    {
        Name = name,
        Image = TestImages.Busybox,
        Command = [.. command],
    };

    public static ContainerLaunch Launch(string podName, Container spec, TimeSpan? grace = null, string? uid = null, IReadOnlyList<string>? pullSecrets = null) =>
        new("default", podName, uid ?? Guid.NewGuid().ToString(), spec, ContainerSpecHash.Compute(spec), 0, 0, null, grace ?? TimeSpan.FromSeconds(1))
        {
            ImagePullSecrets = pullSecrets ?? [],
        };

    public static async Task<RuntimeContainer> WaitForExitAsync(DockerDriver driver, ContainerKey key, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var container = (await driver.ListAsync(CancellationToken.None)).SingleOrDefault(candidate => candidate.Key == key);
            if (container is { IsRunning: false })
            {
                return container;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"container {key} did not exit in time (seen: {container})");
            }

            await Task.Delay(100);
        }
    }

    public static string EngineId(RuntimeContainer container) => container.ContainerId["docker://".Length..];
}
