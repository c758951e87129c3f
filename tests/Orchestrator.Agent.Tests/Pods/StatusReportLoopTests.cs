using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Pods;

public sealed class StatusReportLoopTests : IDisposable
{
    private const string Route = "POST /agent/v1/nodes/node-1/podstatus";
    private const string FinalizeRoute = "DELETE /agent/v1/nodes/node-1/pods/default/a";

    private readonly AgentHarness _agent = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task RunOnceAsync_PodAnswered404Or409_IsDroppedFromTheDesiredStateAndRefetched()
    {
        _agent.Join();
        _agent.Desired.Replace([TestPods.Pod("a", "uid-a"), TestPods.Pod("b", "uid-b"), TestPods.Pod("c", "uid-c")]);
        foreach (var (name, uid) in new[] { ("a", "uid-a"), ("b", "uid-b"), ("c", "uid-c") })
        {
            _agent.Buffer.Enqueue(new PodStatusReportItem("default", name, uid, new PodStatus { Phase = "Running" }));
        }

        _agent.Answer(Route, HttpStatusCode.OK, """{"results":[{"namespace":"default","name":"a","code":200},{"namespace":"default","name":"b","code":404},{"namespace":"default","name":"c","code":409}]}""");

        await Loop().RunOnceAsync(CancellationToken.None);

        Assert.Equal(["uid-a"], _agent.Desired.Read().Pods!.Select(pod => pod.Metadata.Uid));
        Assert.Equal(0, _agent.Buffer.Count);
        Assert.True(await _agent.Signals.FetchDesired.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
        Assert.True(await _agent.Signals.Reconcile.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
        Assert.Contains("\"uid\":\"uid-b\"", Assert.Single(_agent.ControlPlane.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_ServerUnreachable_KeepsTheStatusesForLater()
    {
        _agent.Join();
        _agent.ControlPlane.On(Route, (_, _) => throw new HttpRequestException("connection refused"));
        _agent.Buffer.Enqueue(new PodStatusReportItem("default", "a", "uid-a", new PodStatus { Phase = "Running" }));

        await Assert.ThrowsAsync<HttpRequestException>(() => Loop().RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, _agent.Buffer.Count);
    }

    [Fact]
    public async Task RunOnceAsync_FinalStatusStored_FinalizesThePodOnceWithItsUidAndForgetsIt()
    {
        _agent.Join();
        _agent.Desired.Replace([TestPods.Pod("a", "uid-a"), TestPods.Pod("b", "uid-b")]);
        _agent.Buffer.Enqueue(new PodStatusReportItem("default", "a", "uid-a", new PodStatus { Phase = "Running" }), final: true);
        _agent.Buffer.Enqueue(new PodStatusReportItem("default", "b", "uid-b", new PodStatus { Phase = "Running" }));
        _agent.Answer(Route, HttpStatusCode.OK, """{"results":[{"namespace":"default","name":"a","code":200},{"namespace":"default","name":"b","code":200}]}""");
        _agent.Answer(FinalizeRoute, HttpStatusCode.OK, """{"kind":"Status","status":"Success"}""");
        var loop = Loop();

        await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);

        var finalize = Assert.Single(_agent.ControlPlane.Requests, r => r.Route == FinalizeRoute);
        Assert.Contains("\"uid\":\"uid-a\"", finalize.Body, StringComparison.Ordinal);
        Assert.Equal(["uid-b"], _agent.Desired.Read().Pods!.Select(pod => pod.Metadata.Uid));
        Assert.True(await _agent.Signals.Reconcile.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_StatusNotStoredYet_DoesNotFinalize()
    {
        _agent.Join();
        _agent.Desired.Replace([TestPods.Pod("a", "uid-a")]);
        _agent.Buffer.Enqueue(new PodStatusReportItem("default", "a", "uid-a", new PodStatus { Phase = "Running" }), final: true);
        _agent.Answer(Route, HttpStatusCode.OK, """{"results":[{"namespace":"default","name":"a","code":503}]}""");

        await Loop().RunOnceAsync(CancellationToken.None);

        Assert.DoesNotContain(_agent.ControlPlane.Requests, r => r.Route == FinalizeRoute);
        Assert.Equal(["uid-a"], _agent.Desired.Read().Pods!.Select(pod => pod.Metadata.Uid));
    }

    [Fact]
    public async Task RunOnceAsync_FinalizeUnreachable_RetriesOnTheNextPassAndKeepsReportingOtherPods()
    {
        _agent.Join();
        _agent.Desired.Replace([TestPods.Pod("a", "uid-a"), TestPods.Pod("b", "uid-b")]);
        _agent.Buffer.Enqueue(new PodStatusReportItem("default", "a", "uid-a", new PodStatus { Phase = "Running" }), final: true);
        _agent.Answer(Route, HttpStatusCode.OK, """{"results":[{"namespace":"default","name":"a","code":200}]}""");
        _agent.ControlPlane.On(FinalizeRoute, (_, _) => throw new HttpRequestException("connection refused"));
        var loop = Loop();

        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["uid-a", "uid-b"], _agent.Desired.Read().Pods!.Select(pod => pod.Metadata.Uid));

        _agent.Buffer.Enqueue(new PodStatusReportItem("default", "b", "uid-b", new PodStatus { Phase = "Running" }));
        _agent.Answer(Route, HttpStatusCode.OK, """{"results":[{"namespace":"default","name":"b","code":200}]}""");
        _agent.Answer(FinalizeRoute, HttpStatusCode.OK, """{"kind":"Status","status":"Success"}""");
        await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, _agent.Buffer.Count);
        Assert.Equal(["uid-b"], _agent.Desired.Read().Pods!.Select(pod => pod.Metadata.Uid));
    }

    private StatusReportLoop Loop() =>
        new(_agent.Api, _agent.Identity, _agent.Buffer, _agent.Desired, _agent.Signals, _agent.WrappedOptions, _agent.Time, NullLogger<StatusReportLoop>.Instance);
}
