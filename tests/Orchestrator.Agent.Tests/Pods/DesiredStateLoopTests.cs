using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Tests.Pods;

public sealed class DesiredStateLoopTests : IDisposable
{
    private const string Route = "GET /api/v1/pods";

    private readonly AgentHarness _agent = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task RunOnceAsync_Fetched_PersistsThisNodesPodsAndWakesTheWorker()
    {
        _agent.Join();
        var foreign = TestPods.Pod("other", "uid-2");
        foreign.Spec!.NodeName = "node-2";
        AnswerPods(TestPods.Pod("web", "uid-1"), foreign);

        var delay = await Loop().RunOnceAsync(CancellationToken.None);

        Assert.Equal(_agent.Options.ResyncInterval, delay);
        Assert.Equal("uid-1", Assert.Single(_agent.Desired.Read().Pods!).Metadata.Uid);
        Assert.Equal(1, _agent.Desired.Read().FetchGeneration);
        Assert.Contains("uid-1", await File.ReadAllTextAsync(_agent.Paths.DesiredFile), StringComparison.Ordinal);
        Assert.True(await _agent.Signals.Reconcile.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
    }

    [Fact]
    public async Task Loop_NudgeBurst_FetchesOnceMoreAtOnceAndAgainAfterTheResyncInterval()
    {
        _agent.Join();
        AnswerPods();
        var loop = Loop();

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the fetch at start");
        await Task.Delay(100);
        for (var i = 0; i < 5; i++)
        {
            _agent.Signals.FetchDesired.Set();
        }

        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "one fetch for the burst");
        await Task.Delay(200);
        Assert.Equal(2, _agent.ControlPlane.Count(Route));

        _agent.Time.Advance(_agent.Options.ResyncInterval);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 3, "the periodic resync");
        await loop.StopAsync(CancellationToken.None);
    }

    private DesiredStateLoop Loop() =>
        new(_agent.Api, _agent.Identity, _agent.Desired, _agent.Signals, _agent.WrappedOptions, _agent.Time, NullLogger<DesiredStateLoop>.Instance);

    private void AnswerPods(params Pod[] pods) =>
        _agent.Answer(Route, HttpStatusCode.OK, System.Text.Json.JsonSerializer.Serialize(
            new KubeList<Pod> { ApiVersion = "v1", Kind = "PodList", Items = [.. pods] }, KubeJsonContext.Default.KubeListPod));
}
