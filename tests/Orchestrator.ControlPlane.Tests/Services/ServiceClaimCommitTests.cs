using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Services;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Services;

/// <summary>Claims through <see cref="ObjectService"/>: taken and released in the Service's own transaction.</summary>
public sealed class ServiceClaimCommitTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    private ObjectService Objects => _controlPlane.Objects;

    private static Service Service(string name, string type = "ClusterIP", int? nodePort = null, string? clusterIP = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestControlPlane.Namespace },
        Spec = new ServiceSpec
        {
            Type = type,
            ClusterIP = clusterIP,
            Selector = new() { ["app"] = name },
            Ports = [new ServicePort { Port = 80, NodePort = nodePort }],
        },
    };

    /// <summary>An object service whose ranges hold two cluster IPs and two node ports, so that random picks collide.</summary>
    private ObjectService TinyRanges() => new(
        _controlPlane.Store,
        [],
        _controlPlane.Services.GetRequiredService<ObjectCodec>(),
        _controlPlane.Time,
        new ServiceAllocator(Options.Create(new ServiceOptions { ClusterIPRange = "127.96.0.0/30", NodePortRange = "30000-30001" })));

    [Fact]
    public async Task CreateAsync_NodePortService_StoresClaimRowsForItsValues()
    {
        var created = (Service)(await Objects.CreateAsync(ResourceRegistry.Services, Tenant, Service("web", "NodePort"), CancellationToken.None)).Object.Object;

        Assert.Equal([created.Spec!.ClusterIP!], (await ClaimsAsync(ServiceClaim.ClusterIPs)).Select(c => c.Key.Name));
        Assert.Equal([created.Spec.Ports![0].NodePort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], (await ClaimsAsync(ServiceClaim.NodePorts)).Select(c => c.Key.Name));
    }

    [Fact]
    public async Task CreateAsync_TinyRanges_RetriesUntilTwoServicesHoldDifferentValuesThenReportsFull()
    {
        var objects = TinyRanges();

        var first = (Service)(await objects.CreateAsync(ResourceRegistry.Services, Tenant, Service("a", "NodePort"), CancellationToken.None)).Object.Object;
        var second = (Service)(await objects.CreateAsync(ResourceRegistry.Services, Tenant, Service("b", "NodePort"), CancellationToken.None)).Object.Object;
        var full = await Assert.ThrowsAsync<ApiException>(() => objects.CreateAsync(ResourceRegistry.Services, Tenant, Service("c", "NodePort"), CancellationToken.None));

        Assert.NotEqual(first.Spec!.ClusterIP, second.Spec!.ClusterIP);
        Assert.NotEqual(first.Spec.Ports![0].NodePort, second.Spec.Ports![0].NodePort);
        Assert.Equal(503, full.Status.Code);
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Services, "c"));
        Assert.Equal(2, (await ClaimsAsync(ServiceClaim.NodePorts)).Count);
    }

    [Fact]
    public async Task CreateAsync_ChosenNodePortTaken_422NamingThePortAndNothingWritten()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("a", "NodePort", nodePort: 30080));

        var refused = await Assert.ThrowsAsync<ApiException>(() => Objects.CreateAsync(ResourceRegistry.Services, Tenant, Service("b", "NodePort", nodePort: 30080), CancellationToken.None));

        Assert.Equal(422, refused.Status.Code);
        Assert.Contains("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated", refused.Status.Message, StringComparison.Ordinal);
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Services, "b"));
        Assert.Single(await ClaimsAsync(ServiceClaim.ClusterIPs));
    }

    [Fact]
    public async Task CreateAsync_ChosenClusterIPTaken_422()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("a", clusterIP: "127.96.0.10"));

        var refused = await Assert.ThrowsAsync<ApiException>(() => Objects.CreateAsync(ResourceRegistry.Services, Tenant, Service("b", clusterIP: "127.96.0.10"), CancellationToken.None));

        Assert.Equal(422, refused.Status.Code);
        Assert.Contains("provided IP is already allocated", refused.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_Service_ReleasesItsValuesForTheNextService()
    {
        var first = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("a", "NodePort", nodePort: 30080, clusterIP: "127.96.0.10"));

        await Objects.DeleteAsync(ResourceRegistry.Services, Tenant, first.Untyped(), cascade: true, CancellationToken.None);
        var second = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("b", "NodePort", nodePort: 30080, clusterIP: "127.96.0.10"));

        Assert.Equal("127.96.0.10", second.Object.Spec!.ClusterIP);
        Assert.Single(await ClaimsAsync(ServiceClaim.NodePorts));
    }

    [Fact]
    public async Task DeleteAsync_ServiceWithFinalizer_KeepsClaimsUntilTheFinalizerGoes()
    {
        var service = Service("a", "NodePort");
        service.Metadata.Finalizers = ["example.com/hold"];
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Services, service);

        var terminating = await Objects.DeleteAsync(ResourceRegistry.Services, Tenant, created.Untyped(), DeletionOptions.Default, CancellationToken.None);
        var claimsWhileTerminating = (await ClaimsAsync(ServiceClaim.NodePorts)).Count;
        var released = ResourceRegistry.Services.Clone((Service)terminating!.Object);
        released.Metadata.Finalizers = null;
        await Objects.UpdateAsync(ResourceRegistry.Services, Tenant, terminating, released, UpdateScope.Whole, CancellationToken.None);

        Assert.Equal(1, claimsWhileTerminating);
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Services, "a"));
        Assert.Empty(await ClaimsAsync(ServiceClaim.NodePorts));
        Assert.Empty(await ClaimsAsync(ServiceClaim.ClusterIPs));
    }

    [Fact]
    public async Task UpdateAsync_NodePortToClusterIPAndBack_ReleasesThenAllocatesANodePort()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("a", "NodePort", nodePort: 30080));
        var toClusterIP = ResourceRegistry.Services.Clone(created.Object);
        toClusterIP.Spec!.Type = "ClusterIP";

        var (asClusterIP, _) = await Objects.UpdateAsync(ResourceRegistry.Services, Tenant, created.Untyped(), toClusterIP, UpdateScope.Spec, CancellationToken.None);
        var nodePortsAfterRelease = (await ClaimsAsync(ServiceClaim.NodePorts)).Count;
        var back = ResourceRegistry.Services.Clone((Service)asClusterIP.Object);
        back.Spec!.Type = "NodePort";
        var (asNodePort, _) = await Objects.UpdateAsync(ResourceRegistry.Services, Tenant, asClusterIP, back, UpdateScope.Spec, CancellationToken.None);

        Assert.Null(((Service)asClusterIP.Object).Spec!.Ports![0].NodePort);
        Assert.Equal(0, nodePortsAfterRelease);
        Assert.InRange(((Service)asNodePort.Object).Spec!.Ports![0].NodePort!.Value, 30000, 32767);
        Assert.Single(await ClaimsAsync(ServiceClaim.NodePorts));
        Assert.Equal(created.Object.Spec!.ClusterIP, ((Service)asNodePort.Object).Spec!.ClusterIP);
    }

    [Fact]
    public async Task UpdateAsync_ReplaceWithoutAllocatedValues_KeepsThem()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("a", "NodePort"));
        var manifestAgain = Service("a", "NodePort");

        var (updated, _) = await Objects.UpdateAsync(ResourceRegistry.Services, Tenant, created.Untyped(), manifestAgain, UpdateScope.Spec, CancellationToken.None);

        Assert.Equal(created.Object.Spec!.ClusterIP, ((Service)updated.Object).Spec!.ClusterIP);
        Assert.Equal(created.Object.Spec.Ports![0].NodePort, ((Service)updated.Object).Spec!.Ports![0].NodePort);
        Assert.Single(await ClaimsAsync(ServiceClaim.NodePorts));
    }

    [Fact]
    public async Task UpdateAsync_ChangedClusterIP_422FieldIsImmutable()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("a", clusterIP: "127.96.0.10"));
        var changed = Service("a", clusterIP: "127.96.0.11");

        var refused = await Assert.ThrowsAsync<ApiException>(() => Objects.UpdateAsync(ResourceRegistry.Services, Tenant, created.Untyped(), changed, UpdateScope.Spec, CancellationToken.None));

        Assert.Equal(422, refused.Status.Code);
        Assert.Contains("spec.clusterIP: Invalid value: \"127.96.0.11\": field is immutable", refused.Status.Message, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<StoredObject>> ClaimsAsync(string resource) =>
        (await _controlPlane.Store.ListAsync(new ObjectListQuery(Tenant, resource), CancellationToken.None)).Items;

    public void Dispose() => _controlPlane.Dispose();
}
