using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Testing.Stores;

namespace Orchestrator.ControlPlane.Tests.Loops;

/// <summary>
/// The scheduler's cache of bound pods (ADR 0016): scheduler instances over one store, each with its own store
/// queries counted, and, where the test says so, told of the writes of its own process as the standalone host does.
/// </summary>
public sealed class SchedulerLoopCacheTests : IDisposable
{
    private static readonly LoopKey TenantKey = new(TestControlPlane.Tenant);

    private readonly TestControlPlane _controlPlane = new();

    [Fact]
    public async Task ReconcileAsync_SecondPass_DoesNotListEveryPodAgain()
    {
        var scheduler = NewInstance();
        await CreateNodeAsync("worker-1", pods: 2000);
        await CreatePodsAsync("first", 1200);
        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        Assert.Equal(1, scheduler.Store.FullPodLists);
        await CreatePodsAsync("second", 10);
        scheduler.Store.Reset();

        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        // Only the pending pods and the nodes are read: not the 1,200 bound pods (three pages of 500).
        Assert.Equal(0, scheduler.Store.FullPodLists);
        Assert.Equal(2, scheduler.Store.Lists);
        Assert.Empty(await PodsOnAsync(""));
        Assert.Equal(1210, (await PodsOnAsync("worker-1")).Count);
    }

    [Fact]
    public async Task ReconcileAsync_PodDeletedInThisProcessBetweenPasses_FreesItsNodeWithoutReadingEveryPod()
    {
        var scheduler = NewInstance(inProcess: true);
        await CreateNodeAsync("worker-1", pods: 1);
        await scheduler.Objects.CreateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, Manifests.Pod("a"), CancellationToken.None);
        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        var a = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "a"))!;
        await scheduler.Objects.DeleteAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, a.Untyped(), DeletionOptions.Force, CancellationToken.None);
        await scheduler.Objects.CreateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, Manifests.Pod("b"), CancellationToken.None);

        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Equal("worker-1", (await _controlPlane.GetAsync(ResourceRegistry.Pods, "b"))!.Object.Spec?.NodeName);
        Assert.Equal(1, scheduler.Store.FullPodLists);
    }

    [Fact]
    public async Task ReconcileAsync_AnotherInstanceBoundInBetween_ReadsAgainAndDoesNotOvercommit()
    {
        var first = NewInstance();
        var second = NewInstance();
        await CreateNodeAsync("worker-1", pods: 2);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("p1"));
        await first.Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("p2"));
        await second.Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("p3"));

        await first.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Equal(["p1", "p2"], (await PodsOnAsync("worker-1")).Select(p => p.Object.Metadata.Name).Order());
        var p3 = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "p3"))!.Object;
        Assert.Equal("0/1 nodes are available: 1 Too many pods.", p3.Status?.Conditions?.Single(c => c.Type == "PodScheduled").Message);
        Assert.Equal(2, first.Store.FullPodLists);
    }

    [Fact]
    public async Task ReconcileAsync_PodCreatedBoundElsewhere_IsCountedAgainstItsNode()
    {
        var scheduler = NewInstance();
        await CreateNodeAsync("worker-1", pods: 2);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("p1"));
        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        // Created through another process's API: this instance is not told, but the creation moved the pass token.
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("pinned", nodeName: "worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("p2"));

        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var p2 = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "p2"))!.Object;
        Assert.True(string.IsNullOrEmpty(p2.Spec?.NodeName));
        Assert.Equal("0/1 nodes are available: 1 Too many pods.", p2.Status?.Conditions?.Single(c => c.Type == "PodScheduled").Message);
    }

    [Fact]
    public async Task CreateAsync_PodAlreadyBound_MovesTheSchedulerPassToken()
    {
        var key = SchedulerPassToken.Key(TestControlPlane.Tenant, "");
        await CreateNodeAsync("worker-1", pods: 10);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("pending"));
        Assert.Null(await _controlPlane.Store.GetAsync(key, CancellationToken.None));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("pinned", nodeName: "worker-1"));
        var first = await _controlPlane.Store.GetAsync(key, CancellationToken.None);

        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("pinned-2", nodeName: "worker-1"));

        var second = await _controlPlane.Store.GetAsync(key, CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotEqual(first.ResourceVersion, second?.ResourceVersion);
    }

    [Fact]
    public async Task ReconcileAsync_CachedPodFinishedElsewhere_BindsWithoutReportingAFailure()
    {
        var scheduler = NewInstance();
        await CreateNodeAsync("worker-1", pods: 1);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("a"));
        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        // a finishes, reported through another process: a status update does not move the pass token.
        var current = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "a"))!;
        var finished = ResourceRegistry.Pods.Clone(current.Object);
        finished.Status!.Phase = "Succeeded";
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, current.Untyped(), finished, UpdateScope.Status, CancellationToken.None);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("b"));

        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var b = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "b"))!.Object;
        Assert.Equal("worker-1", b.Spec?.NodeName);
        Assert.Equal("True", b.Status?.Conditions?.Single(c => c.Type == "PodScheduled").Status);
        Assert.DoesNotContain(await _controlPlane.ListAsync(ResourceRegistry.Events), e => e.Object.Reason == "FailedScheduling");
        Assert.Equal(2, scheduler.Store.FullPodLists);
    }

    [Fact]
    public async Task ReconcileAsync_CacheOlderThanThreeResyncPeriods_ReadsEveryPodAgain()
    {
        var scheduler = NewInstance();
        await CreateNodeAsync("worker-1", pods: 10);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("a"));
        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("b"));
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(29));
        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        Assert.Equal(1, scheduler.Store.FullPodLists);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("c"));
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(2));

        await scheduler.Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Equal(2, scheduler.Store.FullPodLists);
        Assert.Equal(3, (await PodsOnAsync("worker-1")).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task ReconcileAsync_TwoInstancesAlternatingOverRandomChanges_NeverOvercommitANode(int seed)
    {
        var random = new Random(seed);
        var instances = new[] { NewInstance(inProcess: true), NewInstance() };
        var capacities = new Dictionary<string, (int MilliCpu, int Pods)>(StringComparer.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            var name = $"node-{i}";
            capacities[name] = (random.Next(1, 5) * 500, random.Next(2, 6));
            var node = Manifests.Node(name);
            node.Status!.Capacity!["cpu"] = new($"{capacities[name].MilliCpu}m");
            node.Status.Capacity["pods"] = new(capacities[name].Pods.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _controlPlane.CreateAsync(ResourceRegistry.Nodes, node);
        }

        var created = 0;
        var firstObjects = instances[0].Objects;
        for (var step = 0; step < 200; step++)
        {
            // Writers: the first instance's own process (it is told) or another one (nobody is told).
            var writer = random.Next(2) == 0 ? firstObjects : _controlPlane.Objects;
            var all = await _controlPlane.ListAsync(ResourceRegistry.Pods);
            var running = all.Where(p => !string.IsNullOrEmpty(p.Object.Spec?.NodeName) && p.Object.Status?.Phase is not ("Succeeded" or "Failed")).ToList();
            switch (random.Next(12))
            {
                case < 3:
                    await writer.CreateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, WithCpu(Manifests.Pod($"p{created++}"), random.Next(1, 5) * 250), CancellationToken.None);
                    break;
                case 3 when running.Count > 0:
                    var gone = running[random.Next(running.Count)];
                    await writer.DeleteAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, gone.Untyped(), DeletionOptions.Force, CancellationToken.None);
                    break;
                case 4 when running.Count > 0:
                    var done = running[random.Next(running.Count)];
                    var finished = ResourceRegistry.Pods.Clone(done.Object);
                    finished.Status!.Phase = random.Next(2) == 0 ? "Succeeded" : "Failed";
                    await writer.UpdateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, done.Untyped(), finished, UpdateScope.Status, CancellationToken.None);
                    break;
                case 5:
                    // A pod created bound, by a user who checked that it fits right now.
                    var pinned = WithCpu(Manifests.Pod($"p{created++}"), 250);
                    var fits = capacities.Keys.FirstOrDefault(n => Fits(running, capacities, n, 250));
                    if (fits is not null)
                    {
                        pinned.Spec!.NodeName = fits;
                        await writer.CreateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, pinned, CancellationToken.None);
                    }

                    break;
                case 6:
                    _controlPlane.Time.Advance(TimeSpan.FromSeconds(random.Next(1, 15)));
                    break;
                default:
                    await instances[random.Next(2)].Loop.ReconcileAsync(TenantKey, CancellationToken.None);
                    await AssertNoOvercommitAsync(capacities);
                    break;
            }
        }

        await instances[0].Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        await instances[1].Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        await AssertNoOvercommitAsync(capacities);
        Assert.True(instances.Sum(i => i.Store.Passes) > 0);
    }

    private async Task AssertNoOvercommitAsync(Dictionary<string, (int MilliCpu, int Pods)> capacities)
    {
        var all = await _controlPlane.ListAsync(ResourceRegistry.Pods);
        var running = all.Where(p => !string.IsNullOrEmpty(p.Object.Spec?.NodeName) && p.Object.Status?.Phase is not ("Succeeded" or "Failed")).ToList();
        foreach (var (node, capacity) in capacities)
        {
            var on = running.Where(p => p.Object.Spec!.NodeName == node).ToList();
            Assert.True(on.Count <= capacity.Pods, $"{node} runs {on.Count} pods, capacity {capacity.Pods}");
            var cpu = on.Sum(p => MilliCpu(p.Object));
            Assert.True(cpu <= capacity.MilliCpu, $"{node} runs {cpu}m CPU, capacity {capacity.MilliCpu}m");
        }

        // Every pod still pending was explained on a full read: a node with room for it would have taken it.
        foreach (var pending in all.Where(p => string.IsNullOrEmpty(p.Object.Spec?.NodeName) && p.Object.Status?.Conditions is { Count: > 0 }))
        {
            var scheduled = pending.Object.Status!.Conditions!.Single(c => c.Type == "PodScheduled");
            if (scheduled.Status == "False")
            {
                Assert.DoesNotContain(capacities.Keys, n => Fits(running, capacities, n, MilliCpu(pending.Object)));
            }
        }
    }

    private static bool Fits(List<Versioned<Pod>> running, Dictionary<string, (int MilliCpu, int Pods)> capacities, string node, int milliCpu)
    {
        var on = running.Where(p => p.Object.Spec!.NodeName == node).ToList();
        return on.Count + 1 <= capacities[node].Pods && on.Sum(p => MilliCpu(p.Object)) + milliCpu <= capacities[node].MilliCpu;
    }

    private static int MilliCpu(Pod pod) =>
        pod.Spec?.Containers?[0].Resources?.Requests?.TryGetValue("cpu", out var cpu) == true ? (int)(cpu.Value * 1000m) : 0;

    private static Pod WithCpu(Pod pod, int milliCpu)
    {
        pod.Spec!.Containers![0].Resources = new ResourceRequirements { Requests = new() { ["cpu"] = new($"{milliCpu}m") } };
        return pod;
    }

    private async Task CreateNodeAsync(string name, int pods)
    {
        var node = Manifests.Node(name);
        node.Status!.Capacity!["pods"] = new(pods.ToString(System.Globalization.CultureInfo.InvariantCulture));
        node.Status.Capacity["cpu"] = new("1000");
        node.Status.Capacity["memory"] = new("1000Gi");
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, node);
    }

    private async Task CreatePodsAsync(string prefix, int count)
    {
        var writes = Enumerable.Range(0, count)
            .Select(i => _controlPlane.Objects.PrepareCreate(ResourceRegistry.Pods, TestControlPlane.Tenant, Manifests.Pod($"{prefix}-{i}")))
            .ToList();
        await _controlPlane.Objects.CommitAsync(TestControlPlane.Tenant, writes, CancellationToken.None);
    }

    /// <summary>
    /// A scheduler instance over the shared store. With <paramref name="inProcess"/>, the writes made through its
    /// <see cref="Instance.Objects"/> (its own and a user's in the same process) reach it as <see cref="LoopSignals"/> delivers them.
    /// </summary>
    private Instance NewInstance(bool inProcess = false)
    {
        var services = _controlPlane.Services;
        var store = new CountingStore(_controlPlane.Store);
        var signals = new ForwardingObserver();
        var objects = new ObjectService(store, inProcess ? [signals] : [], services.GetRequiredService<ObjectCodec>(), _controlPlane.Time);
        var loop = new SchedulerLoop(
            objects, store, services.GetRequiredService<EventRecorder>(), _controlPlane.Time, Options.Create(new LoopOptions()), NullLogger<SchedulerLoop>.Instance);
        signals.Loop = loop;
        return new Instance(loop, objects, store);
    }

    private Task<List<Versioned<Pod>>> PodsOnAsync(string node) =>
        _controlPlane.Objects.ListAllAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, node));

    public void Dispose() => _controlPlane.Dispose();

    private sealed record Instance(SchedulerLoop Loop, ObjectService Objects, CountingStore Store);

    /// <summary>Hands committed changes to one loop, as <see cref="LoopSignals"/> does in the standalone host.</summary>
    private sealed class ForwardingObserver : IObjectChangeObserver
    {
        public IControlLoop? Loop { get; set; }

        public ValueTask OnChangedAsync(IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken)
        {
            foreach (var change in changes)
            {
                _ = Loop!.KeysFor(change).ToList();
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The shared store, counting the list queries one instance makes.</summary>
    private sealed class CountingStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        private int _lists;
        private int _fullPodLists;
        private int _passes;

        /// <summary>List queries (pages) of any kind.</summary>
        public int Lists => _lists;

        /// <summary>Reads of every pod of the tenant (counted once per read, whatever its pages).</summary>
        public int FullPodLists => _fullPodLists;

        /// <summary>Reads of the tenant's pending pods: one per pass that got past reading the token.</summary>
        public int Passes => _passes;

        public void Reset()
        {
            _lists = 0;
            _fullPodLists = 0;
            _passes = 0;
        }


        
        public override Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lists);
            if (query.Resource == ResourceRegistry.Pods.QualifiedName && query.Index is null && query.Continue is null)
            {
                Interlocked.Increment(ref _fullPodLists);
            }

            if (query.Resource == ResourceRegistry.Pods.QualifiedName && query.Index is { Value: "" } && query.Continue is null)
            {
                Interlocked.Increment(ref _passes);
            }

            return Inner.ListAsync(query, cancellationToken);
        }
    }
}
