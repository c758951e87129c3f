using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;
using static Orchestrator.Agent.Tests.Runtime.Docker.DockerTestLaunches;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

/// <summary>The pod worker over the real Docker driver: what a user sees in the pod status, and orphan removal.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerPodWorkerTests : IDisposable
{
    private readonly DockerRuntimeFixture _fixture;
    private readonly AgentHarness _agent = new(options => options.NodeAddress = "127.0.0.1");

    public DockerPodWorkerTests(DockerRuntimeFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task SyncAsync_ImageMissingFromRegistry_ReportsErrImagePullThenImagePullBackOff()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var spec = Busybox("app", "sleep", "300");
        spec.Image = $"{_fixture.Registry.Host}/orch-test/not-there:1";
        _agent.Desired.Replace([Pod("missing", spec)]);
        var worker = Worker(driver);

        await worker.SyncAsync(CancellationToken.None);
        var first = LatestWaiting();
        _agent.Time.Advance(TimeSpan.FromSeconds(2));
        await worker.SyncAsync(CancellationToken.None);
        var second = LatestWaiting();

        Assert.Equal("ErrImagePull", first.Reason);
        Assert.Contains(spec.Image, first.Message, StringComparison.Ordinal);
        Assert.Equal("ImagePullBackOff", second.Reason);
    }

    [Fact]
    public async Task SyncAsync_LabelledContainerNoLongerDesired_IsStoppedAndRemoved()
    {
        var node = NewNode();
        var before = _fixture.CreateDriver(node);
        await before.StartAsync(Launch("orphan", Busybox("app", "sleep", "300")), CancellationToken.None);

        var driver = _fixture.CreateDriver(node);
        _agent.Desired.Replace([]);
        var worker = Worker(driver);

        Assert.Single(await _fixture.Client.ListContainersAsync(new Dictionary<string, string> { [DockerLabels.Node] = node }, CancellationToken.None));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await _fixture.Client.ListContainersAsync(new Dictionary<string, string> { [DockerLabels.Node] = node }, CancellationToken.None)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the orphaned container should be stopped and removed");
            await worker.SyncAsync(CancellationToken.None);
            await Task.Delay(100);
        }
    }

    private ContainerStateWaiting LatestWaiting()
    {
        var status = _agent.Buffer.Peek(100).Last().Item.Status;
        return Assert.Single(status.ContainerStatuses!).State!.Waiting!;
    }

    private static Pod Pod(string name, Container container) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = Guid.NewGuid().ToString() },
        Spec = new PodSpec { TerminationGracePeriodSeconds = 1, Containers = [container] },
    };

    private PodWorker Worker(DockerDriver driver) =>
        new(
            _agent.Desired,
            driver,
            new PodReconciler(_agent.Options, [DockerDriver.Name]),
            _agent.Buffer,
            new NodeAddressResolver(_agent.WrappedOptions, _agent.Time),
            _agent.Signals,
            new ProbeSupervisor(new ProbeRunner(driver, _agent.Time), _agent.Signals, _agent.Time, NullLogger<ProbeSupervisor>.Instance),
            _agent.WrappedOptions,
            _agent.Time,
            NullLogger<PodWorker>.Instance);
}
