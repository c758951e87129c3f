using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class LoopSignalsTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new(inProcessLoops: true);

    private LoopSignals Signals => _controlPlane.Services.GetRequiredService<LoopSignals>();

    [Fact]
    public async Task CreateDeployment_QueuesItForTheDeploymentLoopOnly()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));

        Assert.Equal([new LoopKey(Tenant, "default", "web")], Queue<DeploymentLoop>().Drain());
        Assert.Empty(Queue<ReplicaSetLoop>().Drain());
        Assert.Empty(Queue<SchedulerLoop>().Drain());
        Assert.Empty(Queue<GarbageCollectorLoop>().Drain());
    }

    [Fact]
    public async Task CreateDeployment_WakesTheDeploymentLoop()
    {
        var wait = Queue<DeploymentLoop>().WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);

        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task DeploymentLoopPass_QueuesTheNewReplicaSetForItsLoop()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));

        await _controlPlane.Loop<DeploymentLoop>().ReconcileAsync(new LoopKey(Tenant, "default", "web"), CancellationToken.None);

        var rs = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Contains(new LoopKey(Tenant, "default", rs.Object.Metadata.Name!), Queue<ReplicaSetLoop>().Drain());
    }

    [Fact]
    public async Task CreatePod_QueuesTheTenantForTheScheduler_ButAStatusReportDoesNot()
    {
        var pod = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));
        var afterCreate = Queue<SchedulerLoop>().Drain();
        var running = ResourceRegistry.Pods.Clone(pod.Object);
        running.Status!.Phase = "Running";

        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), running, UpdateScope.Status, CancellationToken.None);

        Assert.Equal([new LoopKey(Tenant)], afterCreate);
        Assert.Empty(Queue<SchedulerLoop>().Drain());
    }

    [Fact]
    public async Task DeleteDeployment_QueuesTheTenantForTheGarbageCollector()
    {
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));

        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: true, CancellationToken.None);

        Assert.Equal([new LoopKey(Tenant)], Queue<GarbageCollectorLoop>().Drain());
    }

    private LoopQueue Queue<T>()
        where T : IControlLoop => Signals.QueueOf(_controlPlane.Loop<T>());

    public void Dispose() => _controlPlane.Dispose();
}
