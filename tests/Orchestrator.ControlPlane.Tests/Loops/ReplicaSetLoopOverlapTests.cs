using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
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
/// Issue 4's "idempotent under overlap": two passes of the ReplicaSet loop that read the same state (a slow timer run
/// in Azure and the next one) never both create pods.
/// </summary>
public sealed class ReplicaSetLoopOverlapTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    [Fact]
    public async Task ReconcileAsync_AnotherPassCommitsFirst_ConflictsAndCreatesNoExtraPods()
    {
        // The status is already what a pass computes for no pods, so only the ReplicaSet write guards the pass.
        var rs = await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 3));
        var withStatus = ResourceRegistry.ReplicaSets.Clone(rs.Object);
        withStatus.Status = new ReplicaSetStatus { Replicas = 0, FullyLabeledReplicas = 0, ReadyReplicas = 0, AvailableReplicas = 0, ObservedGeneration = rs.Object.Metadata.Generation };
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.ReplicaSets, TestControlPlane.Tenant, rs.Untyped(), withStatus, UpdateScope.Status, CancellationToken.None);

        var store = new InterleavingStore(_controlPlane.Store);
        var objects = new ObjectService(store, [], _controlPlane.Services.GetRequiredService<ObjectCodec>(), _controlPlane.Time);
        var recorder = new EventRecorder(objects, _controlPlane.Time, NullLogger<EventRecorder>.Instance);
        var loop = new ReplicaSetLoop(objects, recorder, _controlPlane.Time, Options.Create(new LoopOptions()));
        var key = new LoopKey(TestControlPlane.Tenant, TestControlPlane.Namespace, "web");
        store.BeforeFirstCommit = () => loop.ReconcileAsync(key, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ApiException>(() => loop.ReconcileAsync(key, CancellationToken.None));

        Assert.Equal(409, refused.Status.Code);
        Assert.Equal(3, (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Count);
    }

    public void Dispose() => _controlPlane.Dispose();

    /// <summary>Runs another pass between the first pass's reads and its first commit.</summary>
    private sealed class InterleavingStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        public Func<Task>? BeforeFirstCommit { get; set; }



        public override async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
        {
            if (BeforeFirstCommit is { } other)
            {
                BeforeFirstCommit = null;
                await other();
            }

            return await Inner.CommitAsync(tenant, operations, cancellationToken);
        }
    }
}
