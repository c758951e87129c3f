using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Docker;
using static Orchestrator.Agent.Tests.Runtime.Docker.DockerTestLaunches;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

[Collection(DockerCollection.Name)]
public sealed class RuntimeDriverSetTests
{
    private readonly DockerRuntimeFixture _fixture;

    public RuntimeDriverSetTests(DockerRuntimeFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task NodeStatus_DockerEngineAnswers_AdvertisesDockerAndProcessWithTheEngineVersion()
    {
        using var processes = new ProcessDriverFixture();
        var docker = _fixture.CreateDriver(NewNode());
        var set = new RuntimeDriverSet([docker, processes.NewDriver()]);
        await set.ListAsync(CancellationToken.None);

        var status = StatusBuilder(set).Build(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        Assert.Equal(["docker", "process"], status.RuntimeHandlers!.Select(handler => handler.Name));
        Assert.StartsWith("docker://20.", status.NodeInfo!.ContainerRuntimeVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeStatus_DockerEngineDown_AdvertisesProcessOnly()
    {
        using var processes = new ProcessDriverFixture();
        using var engine = new DockerEngine(Options.Create(new DockerOptions { Endpoint = new Uri("unix:///tmp/orch-no-such-engine.sock") }));
        var options = Options.Create(new AgentOptions { NodeName = "node-down", NodeAddress = "127.0.0.1" });
        var docker = new DockerDriver(engine, new FakePullSecretSource(), new NodeIdentity(), new NodeAddressResolver(options, TimeProvider.System), options, TimeProvider.System, NullLogger<DockerDriver>.Instance);
        var set = new RuntimeDriverSet([docker, processes.NewDriver()]);

        var listed = await set.ListAsync(CancellationToken.None);
        var status = StatusBuilder(set).Build(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        Assert.Empty(listed);
        Assert.Equal(["process"], status.RuntimeHandlers!.Select(handler => handler.Name));
        var failure = await Assert.ThrowsAsync<ContainerCreateException>(() => set.StartAsync(Launch("web", Busybox("app", "sleep", "1")), CancellationToken.None));
        Assert.Contains("Docker engine", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ByRuntimeClass_GoesToThatDriverAndStopsReachOnlyTheOwner()
    {
        using var processes = new ProcessDriverFixture();
        var docker = _fixture.CreateDriver(NewNode());
        var set = new RuntimeDriverSet([docker, processes.NewDriver()]);
        var inDocker = Launch("in-docker", Busybox("app", "sleep", "300"));
        var asProcess = ProcessDriverFixture.Launch(processes.Shell("app", "sleep 300"), podUid: Guid.NewGuid().ToString()) with { RuntimeClassName = "process" };

        var dockerContainer = await set.StartAsync(inDocker, CancellationToken.None);
        var processContainer = await set.StartAsync(asProcess, CancellationToken.None);
        await set.StopAsync(inDocker.Key, TimeSpan.Zero, CancellationToken.None);
        var listed = await set.ListAsync(CancellationToken.None);

        Assert.StartsWith("docker://", dockerContainer.ContainerId, StringComparison.Ordinal);
        Assert.StartsWith("process://", processContainer.ContainerId, StringComparison.Ordinal);
        Assert.False(listed.Single(container => container.Key == inDocker.Key).IsRunning);
        Assert.True(listed.Single(container => container.Key == asProcess.Key).IsRunning);

        await set.StopAsync(asProcess.Key, TimeSpan.Zero, CancellationToken.None);
        await set.RemoveAsync(asProcess.Key, CancellationToken.None);
        await set.RemoveAsync(inDocker.Key, CancellationToken.None);
    }

    private static NodeStatusBuilder StatusBuilder(IRuntimeDriver runtime)
    {
        var options = Options.Create(new AgentOptions { NodeAddress = "127.0.0.1" });
        return new NodeStatusBuilder(new NodeSystemProbe(), new NodeAddressResolver(options, TimeProvider.System), runtime, options);
    }
}
