using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Loops;

/// <summary>Events older than the TTL (kube-apiserver's <c>--event-ttl</c>, one hour) go away; newer ones stay.</summary>
public sealed class EventExpiryLoopTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private EventExpiryLoop Loop => _controlPlane.Loop<EventExpiryLoop>();

    private EventRecorder Recorder => _controlPlane.Services.GetRequiredService<EventRecorder>();

    private static LoopKey TenantKey => new(TestControlPlane.Tenant);

    [Fact]
    public async Task ReconcileAsync_EventOlderThanTheTtl_IsDeleted()
    {
        await RecordAsync("old happened");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(50));
        await RecordAsync("new happened");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(11));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Equal(["new happened"], (await EventsAsync()).Select(static e => e.Message));
    }

    [Fact]
    public async Task ReconcileAsync_OldEventRepeatedRecently_IsKept()
    {
        await RecordAsync("keeps happening");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(50));
        await RecordAsync("keeps happening");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(50));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var kept = Assert.Single(await EventsAsync());
        Assert.Equal(2, kept.Count);

        _controlPlane.Time.Advance(TimeSpan.FromMinutes(11));
        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task ReconcileAsync_JustUnderTheTtl_KeepsTheEvent()
    {
        await RecordAsync("recent");
        _controlPlane.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Single(await EventsAsync());
    }

    [Fact]
    public async Task ReconcileAsync_ManyExpiredEvents_DeletesThemAllInBatches()
    {
        // More than a page and many batches: 1,234 events over two namespaces.
        await _controlPlane.CreateAsync(ResourceRegistry.Namespaces, new Namespace { Metadata = new ObjectMeta { Name = "other" } });
        var events = Enumerable.Range(0, 1234).Select(i => new Event
        {
            Metadata = new ObjectMeta { Name = $"ev-{i}", Namespace = i % 2 == 0 ? TestControlPlane.Namespace : "other" },
            InvolvedObject = new ObjectReference { Kind = "Pod", Name = $"pod-{i}", Namespace = i % 2 == 0 ? TestControlPlane.Namespace : "other" },
            Reason = "Test",
            Message = $"event {i}",
            Type = "Normal",
            LastTimestamp = _controlPlane.Time.GetUtcNow(),
        });
        await _controlPlane.Objects.CommitAsync(TestControlPlane.Tenant, [.. events.Select(e => _controlPlane.Objects.PrepareCreate(ResourceRegistry.Events, TestControlPlane.Tenant, e))], CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromHours(2));
        var commitsBefore = _controlPlane.Store.CommitCount;

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Empty(await EventsAsync());
        Assert.Equal(13, _controlPlane.Store.CommitCount - commitsBefore);
    }

    [Fact]
    public async Task ReconcileAsync_OtherTenantsEvents_AreLeftAlone()
    {
        var pod = (await _controlPlane.Objects.CreateAsync(ResourceRegistry.Pods, "globex", Manifests.Pod("web-1"), CancellationToken.None)).Object.Object;
        await Recorder.RecordAsync("globex", [new EventRecord(pod, EventTypes.Normal, "Pulled", "pulled", "kubelet")], CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromHours(2));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Single(await _controlPlane.Objects.ListAllAsync(ResourceRegistry.Events, "globex", cancellationToken: CancellationToken.None));
    }

    [Fact]
    public async Task Loop_IsRegisteredAndNeverNudgedByWrites()
    {
        var pod = (await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"))).Object;

        Assert.Empty(Loop.KeysFor(new ObjectChange(TestControlPlane.Tenant, ResourceRegistry.Pods, null, pod)));
        Assert.Equal([TenantKey], await Loop.ResyncKeysAsync(TestControlPlane.Tenant, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMinutes(1), Loop.ResyncPeriod);
    }

    private async Task RecordAsync(string message)
    {
        var pod = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))?.Object ?? (await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"))).Object;
        await Recorder.RecordAsync(TestControlPlane.Tenant, [new EventRecord(pod, EventTypes.Normal, "Test", message, "kubelet")], CancellationToken.None);
    }

    private async Task<List<Event>> EventsAsync() =>
        [.. (await _controlPlane.ListAsync(ResourceRegistry.Events)).Select(static e => e.Object)];

    public void Dispose() => _controlPlane.Dispose();
}
