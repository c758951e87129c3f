using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class NodeNudgerTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    [Fact]
    public async Task CreatePod_WithNodeName_NudgesThatNode()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", nodeName: "worker-1"));

        var nudge = Assert.Single(_controlPlane.Channel.Nudges);
        Assert.Equal((Tenant, "worker-1"), (nudge.Tenant, nudge.NodeName));
        Assert.Equal(_controlPlane.Time.GetUtcNow(), nudge.SentAt);
    }

    [Fact]
    public async Task CreatePod_WithoutNodeName_NudgesNobody()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        Assert.Empty(_controlPlane.Channel.Nudges);
    }

    [Fact]
    public async Task DeletePod_Bound_NudgesItsNode()
    {
        var pod = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", nodeName: "worker-1"));

        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), cascade: false, CancellationToken.None);

        Assert.Equal(2, _controlPlane.Channel.Nudges.Count);
        Assert.All(_controlPlane.Channel.Nudges, n => Assert.Equal("worker-1", n.NodeName));
    }

    [Fact]
    public async Task UpdatePodStatus_Bound_NudgesNobody()
    {
        var pod = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", nodeName: "worker-1"));
        var running = ResourceRegistry.Pods.Clone(pod.Object);
        running.Status!.Phase = "Running";

        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), running, UpdateScope.Status, CancellationToken.None);

        Assert.Single(_controlPlane.Channel.Nudges);
    }

    [Fact]
    public async Task CommitOfManyPods_OnOneNode_NudgesItOnce()
    {
        var writes = Enumerable.Range(0, 5)
            .Select(i => _controlPlane.Objects.PrepareCreate(ResourceRegistry.Pods, Tenant, Manifests.Pod($"web-{i}", nodeName: "worker-1")))
            .ToList();

        await _controlPlane.Objects.CommitAsync(Tenant, writes, CancellationToken.None);

        Assert.Single(_controlPlane.Channel.Nudges);
    }

    [Fact]
    public async Task CreateNode_NudgesNobody()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));

        Assert.Empty(_controlPlane.Channel.Nudges);
    }

    [Fact]
    public async Task CreatePod_ChannelFails_StillCreatesThePod()
    {
        _controlPlane.Channel.NudgeFailure = new HttpRequestException("queue service unreachable");

        var (created, _) = await _controlPlane.Objects.CreateAsync(ResourceRegistry.Pods, Tenant, Manifests.Pod("web-1", nodeName: "worker-1"), CancellationToken.None);

        Assert.Equal(1, _controlPlane.Channel.FailedNudges);
        Assert.Equal(created.Object.Metadata.Uid, (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))?.Object.Metadata.Uid);
        Assert.Single(_controlPlane.Observer.Changes);
    }

    public void Dispose() => _controlPlane.Dispose();
}
