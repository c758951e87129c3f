using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;

namespace Orchestrator.ControlPlane.Tests.Objects;

public sealed class ObjectServiceNoOpTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private ObjectService Objects => _controlPlane.Objects;

    [Fact]
    public async Task UpdateAsync_ChangesNothing_WritesNothingAndKeepsTheVersion()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var commits = _controlPlane.Store.CommitCount;

        var (updated, _) = await Objects.UpdateAsync(
            ResourceRegistry.Deployments, TestControlPlane.Tenant, created.Untyped(), ResourceRegistry.Deployments.Clone(created.Object), UpdateScope.Spec, CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
        Assert.Equal(created.Stored.ResourceVersion, updated.Object.Metadata.ResourceVersion);
        Assert.DoesNotContain(_controlPlane.Observer.Changes, c => c.Old is not null);
    }

    [Fact]
    public async Task CommitAsync_UnchangedWriteThatGuards_IsWrittenForItsVersionCheck()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var commits = _controlPlane.Store.CommitCount;
        var write = Objects.PrepareUpdate(ResourceRegistry.Deployments, created.Untyped(), ResourceRegistry.Deployments.Clone(created.Object), UpdateScope.Spec) with { Guards = true };

        var results = await Objects.CommitAsync(TestControlPlane.Tenant, [write], CancellationToken.None);

        Assert.Equal(commits + 1, _controlPlane.Store.CommitCount);
        Assert.NotEqual(created.Stored.ResourceVersion, results[0]!.Object.Metadata.ResourceVersion);
    }

    public void Dispose() => _controlPlane.Dispose();
}
