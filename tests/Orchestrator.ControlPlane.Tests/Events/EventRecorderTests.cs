using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Resources;

namespace Orchestrator.ControlPlane.Tests.Events;

public sealed class EventRecorderTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private EventRecorder Recorder => _controlPlane.Services.GetRequiredService<EventRecorder>();

    [Fact]
    public async Task RecordAsync_NewEvent_IsWrittenInThePodsNamespaceAboutThePod()
    {
        var pod = (await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"))).Object;

        await Recorder.RecordAsync(TestControlPlane.Tenant, [new EventRecord(pod, EventTypes.Normal, "Scheduled", "Successfully assigned default/web-1 to worker-1", "default-scheduler")], CancellationToken.None);

        var ev = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Events)).Object;
        Assert.Equal(TestControlPlane.Namespace, ev.Metadata.Namespace);
        Assert.StartsWith("web-1.", ev.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("Pod", "web-1", pod.Metadata.Uid), (ev.InvolvedObject?.Kind, ev.InvolvedObject?.Name, ev.InvolvedObject?.Uid));
        Assert.Equal(("Normal", "Scheduled", "Successfully assigned default/web-1 to worker-1"), (ev.Type, ev.Reason, ev.Message));
        Assert.Equal("default-scheduler", ev.Source?.Component);
        Assert.Equal(1, ev.Count);
        Assert.Equal(ev.FirstTimestamp, ev.LastTimestamp);
    }

    [Fact]
    public async Task RecordAsync_SameEventAgainLater_BumpsCountAndLastTimestampOfOneEvent()
    {
        var pod = (await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"))).Object;
        var failed = new EventRecord(pod, EventTypes.Warning, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.", "default-scheduler");

        await Recorder.RecordAsync(TestControlPlane.Tenant, [failed], CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(1));
        await Recorder.RecordAsync(TestControlPlane.Tenant, [failed], CancellationToken.None);
        await Recorder.RecordAsync(TestControlPlane.Tenant, [failed, failed], CancellationToken.None);

        var ev = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Events)).Object;
        Assert.Equal(4, ev.Count);
        Assert.Equal(TimeSpan.FromMinutes(1), ev.LastTimestamp - ev.FirstTimestamp);
    }

    [Fact]
    public async Task RecordAsync_DifferentMessages_AreSeparateEvents()
    {
        var pod = (await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"))).Object;

        await Recorder.RecordAsync(
            TestControlPlane.Tenant,
            [
                new EventRecord(pod, EventTypes.Normal, "Killing", "Stopping container web", "kubelet"),
                new EventRecord(pod, EventTypes.Warning, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.", "default-scheduler"),
            ],
            CancellationToken.None);

        Assert.Equal(2, (await _controlPlane.ListAsync(ResourceRegistry.Events)).Count);
    }

    [Fact]
    public async Task RecordAsync_ClusterScopedNode_GoesToTheDefaultNamespace()
    {
        var node = (await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"))).Object;

        await Recorder.RecordAsync(TestControlPlane.Tenant, [new EventRecord(node, EventTypes.Normal, "NodeNotReady", "Node worker-1 status is now: NodeNotReady", "node-controller")], CancellationToken.None);

        var ev = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Events)).Object;
        Assert.Equal("default", ev.Metadata.Namespace);
        Assert.Null(ev.InvolvedObject?.Namespace);
        Assert.Equal("Node", ev.InvolvedObject?.Kind);
    }

    [Fact]
    public async Task RecordAsync_LongObjectName_StillMakesAValidEventName()
    {
        var pod = Manifests.Pod(new string('a', 240) + "-" + new string('b', 12));
        var created = (await _controlPlane.CreateAsync(ResourceRegistry.Pods, pod)).Object;

        await Recorder.RecordAsync(TestControlPlane.Tenant, [new EventRecord(created, EventTypes.Normal, "Scheduled", "assigned", "default-scheduler")], CancellationToken.None);

        var ev = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Events)).Object;
        Assert.True(ev.Metadata.Name!.Length <= 253);
    }

    public void Dispose() => _controlPlane.Dispose();
}
