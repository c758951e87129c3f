using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Services;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using static Orchestrator.Agent.Tests.Services.TestServices;

namespace Orchestrator.Agent.Tests.Services;

public sealed class ServiceTableTests : IDisposable
{
    private const string ServicesRoute = "GET /api/v1/services";
    private const string SlicesRoute = "GET /apis/discovery.k8s.io/v1/endpointslices";

    private readonly AgentHarness _agent = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task RunOnceAsync_Listed_TableHoldsServicesAndSlicesFetchedWithTheNodeCredential()
    {
        _agent.Join();
        Answer([Service("web", "127.96.0.10", Port(80))], [Slice("web", 8080, Ready("10.0.0.1"))]);
        var table = Table();

        var delay = await Loop(table).RunOnceAsync(CancellationToken.None);

        Assert.Equal(_agent.Options.ResyncInterval, delay);
        Assert.Equal("web", Assert.Single(table.Current.Services).Metadata.Name);
        Assert.Single(table.Current.EndpointSlices);
        Assert.All(_agent.ControlPlane.Requests, request => Assert.Equal("Bearer " + AgentHarness.Token, request.Authorization));
        Assert.True(File.Exists(Path.Combine(_agent.Paths.Root, ServiceTable.FileName)));
    }

    [Fact]
    public async Task Start_ControlPlaneUnreachable_SavedTableStillRoutesToTheLastKnownEndpoints()
    {
        _agent.Join();
        Answer([Service("web", "127.96.0.10", Port(80))], [Slice("web", 8080, Ready("10.0.0.1"), Ready("10.0.0.2"))]);
        await Loop(Table()).RunOnceAsync(CancellationToken.None);
        _agent.Answer(ServicesRoute, HttpStatusCode.ServiceUnavailable, FakeControlPlane.StatusJson(503, "ServiceUnavailable", "down"));

        // A restarted agent: a fresh table over the same state directory, and the control plane down.
        var restarted = Table();
        await Assert.ThrowsAnyAsync<Exception>(() => Loop(restarted).RunOnceAsync(CancellationToken.None));

        var rule = Assert.Single(ProxyRules.Build(restarted.Current, null));
        Assert.Equal([IPEndPoint.Parse("10.0.0.1:8080"), IPEndPoint.Parse("10.0.0.2:8080")], rule.Endpoints);
    }

    [Fact]
    public async Task Loop_Nudged_ListsAgainAtOnceAndWakesWaiters()
    {
        _agent.Join();
        Answer([], []);
        var table = Table();
        var loop = Loop(table);
        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(ServicesRoute) == 1, "the listing at start");
        var (_, version) = table.Read();
        Answer([Service("web", "127.96.0.10", Port(80))], []);
        var changed = table.WaitForChangeAsync(version, TimeSpan.FromMinutes(5), _agent.Time, CancellationToken.None);

        _agent.Signals.FetchServices.Set();

        await changed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(table.Current.Services);
        Assert.Equal(2, _agent.ControlPlane.Count(SlicesRoute));
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Replace_SameTable_DoesNotCountAsAChange()
    {
        var table = Table();
        var snapshot = new ServiceSnapshot([Service("web", "127.96.0.10", Port(80))], []);
        Assert.True(table.Replace(snapshot));

        Assert.False(table.Replace(new ServiceSnapshot([Service("web", "127.96.0.10", Port(80))], [])));
        Assert.Equal(1, table.Read().Version);
    }

    private void Answer(Service[] services, EndpointSlice[] slices)
    {
        _agent.Answer(ServicesRoute, HttpStatusCode.OK, JsonSerializer.Serialize(new KubeList<Service> { ApiVersion = "v1", Kind = "ServiceList", Items = [.. services] }, KubeJsonContext.Default.KubeListService));
        _agent.Answer(SlicesRoute, HttpStatusCode.OK, JsonSerializer.Serialize(new KubeList<EndpointSlice> { ApiVersion = "discovery.k8s.io/v1", Kind = "EndpointSliceList", Items = [.. slices] }, KubeJsonContext.Default.KubeListEndpointSlice));
    }

    private ServiceTable Table() => new(_agent.Paths, NullLogger<ServiceTable>.Instance);

    private ServiceTableLoop Loop(ServiceTable table) =>
        new(_agent.Api, _agent.Identity, table, _agent.Signals, _agent.WrappedOptions, _agent.Time, NullLogger<ServiceTableLoop>.Instance);
}
