using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>Services and EndpointSlices through the API: defaults, cluster IP and node port allocation, refusals.</summary>
public class ServiceApiTests : IClassFixture<ServerFixture>
{
    private const string Services = "/api/v1/namespaces/default/services";
    private const string EndpointSlices = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";

    private readonly ServerFixture _server;

    public ServiceApiTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    private static JsonObject Service(string name, string type = "ClusterIP", int? nodePort = null, string? clusterIP = null)
    {
        var port = new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" };
        if (nodePort is not null)
        {
            port["nodePort"] = nodePort;
        }

        var spec = new JsonObject { ["type"] = type, ["selector"] = new JsonObject { ["app"] = name }, ["ports"] = new JsonArray(port) };
        if (clusterIP is not null)
        {
            spec["clusterIP"] = clusterIP;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    /// <summary>A node port no other test of this class picks (they share one tenant).</summary>
    private static int UniqueNodePort() => 30000 + Random.Shared.Next(2768);

    [Fact]
    public async Task CreateService_NodePort_Returns201WithClusterIPAndNodePortInTheirRangesAndDefaults()
    {
        var created = await Admin.CreateAsync(Services, Service(Manifests.UniqueName("web"), "NodePort"));

        var spec = created["spec"]!;
        var ip = IPAddress.Parse((string)spec["clusterIP"]!).GetAddressBytes();
        Assert.Equal(127, ip[0]);
        Assert.InRange(ip[1], 96, 111);
        Assert.Equal((string?)spec["clusterIP"], (string?)spec["clusterIPs"]![0]);
        Assert.InRange((int)spec["ports"]![0]!["nodePort"]!, 30000, 32767);
        Assert.Equal("TCP", (string?)spec["ports"]![0]!["protocol"]);
        Assert.Equal("http", (string?)spec["ports"]![0]!["targetPort"]);
        Assert.Equal("None", (string?)spec["sessionAffinity"]);
        Assert.Equal("Cluster", (string?)spec["externalTrafficPolicy"]);
        Assert.Equal("Cluster", (string?)spec["internalTrafficPolicy"]);
        Assert.Equal("SingleStack", (string?)spec["ipFamilyPolicy"]);
        Assert.Equal(["IPv4"], spec["ipFamilies"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task CreateService_Several_NeverShareAClusterIPOrNodePort()
    {
        var created = new List<JsonObject>();
        for (var i = 0; i < 6; i++)
        {
            created.Add(await Admin.CreateAsync(Services, Service(Manifests.UniqueName("many"), "NodePort")));
        }

        Assert.Equal(6, created.Select(s => (string?)s["spec"]!["clusterIP"]).Distinct().Count());
        Assert.Equal(6, created.Select(s => (int?)s["spec"]!["ports"]![0]!["nodePort"]).Distinct().Count());
    }

    [Fact]
    public async Task CreateService_ChosenNodePortTaken_Returns422NamingTheFieldAndWritesNothing()
    {
        var nodePort = UniqueNodePort();
        await Admin.CreateAsync(Services, Service(Manifests.UniqueName("first"), "NodePort", nodePort));
        var second = Manifests.UniqueName("second");

        var status = await (await Admin.PostJsonAsync(Services, Service(second, "NodePort", nodePort))).ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.Equal(["spec.ports[0].nodePort"], status.CauseFields());
        Assert.Contains("provided port is already allocated", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"{Services}/{second}")).StatusCode);
    }

    [Fact]
    public async Task DeleteService_ThenCreateWithItsNodePortAndClusterIP_ReusesThem()
    {
        var nodePort = UniqueNodePort();
        var first = await Admin.CreateAsync(Services, Service(Manifests.UniqueName("gone"), "NodePort", nodePort));
        var clusterIP = (string)first["spec"]!["clusterIP"]!;

        (await Admin.DeleteAsync($"{Services}/{first.Name()}")).EnsureSuccessStatusCode();
        var second = await Admin.CreateAsync(Services, Service(Manifests.UniqueName("again"), "NodePort", nodePort, clusterIP));

        Assert.Equal(clusterIP, (string?)second["spec"]!["clusterIP"]);
        Assert.Equal(nodePort, (int?)second["spec"]!["ports"]![0]!["nodePort"]);
    }

    [Fact]
    public async Task ReplaceService_ChangedClusterIP_Returns422FieldIsImmutable()
    {
        var created = await Admin.CreateAsync(Services, Service(Manifests.UniqueName("fixed")));
        var ip = IPAddress.Parse((string)created["spec"]!["clusterIP"]!).GetAddressBytes();
        ip[3] = (byte)(ip[3] ^ 1);

        var response = await Admin.UpdateAsync($"{Services}/{created.Name()}", s => s["spec"]!["clusterIP"] = new IPAddress(ip).ToString());

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains("spec.clusterIP", status.CauseFields());
        Assert.Contains("field is immutable", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceService_ManifestWithoutAllocatedValues_KeepsThem()
    {
        var name = Manifests.UniqueName("kept");
        var created = await Admin.CreateAsync(Services, Service(name, "NodePort"));
        var manifest = Service(name, "NodePort");
        manifest["metadata"]!["resourceVersion"] = created.ResourceVersion();

        var replaced = await (await Admin.PutJsonAsync($"{Services}/{name}", manifest)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((string?)created["spec"]!["clusterIP"], (string?)replaced["spec"]!["clusterIP"]);
        Assert.Equal((int?)created["spec"]!["ports"]![0]!["nodePort"], (int?)replaced["spec"]!["ports"]![0]!["nodePort"]);
    }

    [Theory]
    [InlineData("port", "0", "spec.ports[0].port")]
    [InlineData("protocol", "\"HTTP\"", "spec.ports[0].protocol")]
    [InlineData("targetPort", "70000", "spec.ports[0].targetPort")]
    [InlineData("nodePort", "8080", "spec.ports[0].nodePort")]
    public async Task CreateService_BadPort_Returns422NamingTheFieldAndWritesNothing(string field, string value, string path)
    {
        var name = Manifests.UniqueName("bad");
        var manifest = Service(name, "NodePort");
        manifest["spec"]!["ports"]![0]![field] = JsonNode.Parse(value);

        var status = await (await Admin.PostJsonAsync(Services, manifest)).ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.Contains(path, status.CauseFields());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"{Services}/{name}")).StatusCode);
    }

    [Fact]
    public async Task CreateService_LoadBalancer_Returns422UnsupportedValueAtSpecType()
    {
        var status = await (await Admin.PostJsonAsync(Services, Service(Manifests.UniqueName("lb"), "LoadBalancer"))).ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.Equal(["spec.type"], status.CauseFields());
        Assert.Contains("Unsupported value: \"LoadBalancer\"", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateService_Udp_Returns201WithWarningThatOnlyTcpIsProxied()
    {
        var manifest = Service(Manifests.UniqueName("dns"));
        manifest["spec"]!["ports"]![0]!["protocol"] = "UDP";

        var response = await Admin.PostJsonAsync(Services, manifest);

        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.True(response.Headers.TryGetValues("Warning", out var warnings), "a Warning header is sent");
        Assert.Contains(warnings, w => w.Contains("spec.ports[0].protocol", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListEndpointSlices_ByServiceNameLabel_ReturnsOnlyThatServicesSlices()
    {
        var service = Manifests.UniqueName("sliced");
        await Admin.CreateAsync(EndpointSlices, Slice(service + "-abcde", service));
        await Admin.CreateAsync(EndpointSlices, Slice(Manifests.UniqueName("other"), "other-service"));

        var slices = await Admin.ListAsync($"{EndpointSlices}?labelSelector=kubernetes.io/service-name={service}");

        var slice = Assert.Single(slices);
        Assert.Equal("IPv4", (string?)slice["addressType"]);
        Assert.Equal("TCP", (string?)slice["ports"]![0]!["protocol"]);
    }

    [Fact]
    public async Task CreateEndpointSlice_WithoutAddressType_Returns422()
    {
        var manifest = Slice(Manifests.UniqueName("untyped"), "web");
        manifest.Remove("addressType");

        var status = await (await Admin.PostJsonAsync(EndpointSlices, manifest)).ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.Equal(["addressType"], status.CauseFields());
    }

    [Fact]
    public async Task Discovery_CoreAndDiscoveryGroups_ListServicesAndEndpointSlices()
    {
        var core = await Admin.GetObjectAsync("/api/v1");
        var groups = await Admin.GetObjectAsync("/apis");
        var discovery = await Admin.GetObjectAsync("/apis/discovery.k8s.io/v1");

        var services = Assert.Single(core["resources"]!.AsArray(), r => (string?)r!["name"] == "services")!;
        Assert.Equal("svc", (string?)services["shortNames"]![0]);
        Assert.True((bool?)services["namespaced"]);
        Assert.Contains(core["resources"]!.AsArray(), r => (string?)r!["name"] == "services/status");
        Assert.Contains(groups["groups"]!.AsArray(), g => (string?)g!["preferredVersion"]!["groupVersion"] == "discovery.k8s.io/v1");
        var slices = Assert.Single(discovery["resources"]!.AsArray(), r => (string?)r!["name"] == "endpointslices")!;
        Assert.Equal("EndpointSlice", (string?)slices["kind"]);
        Assert.DoesNotContain(discovery["resources"]!.AsArray(), r => (string?)r!["name"] == "endpointslices/status");
    }

    private static JsonObject Slice(string name, string service) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service } },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(new JsonObject { ["addresses"] = new JsonArray("192.0.2.10"), ["conditions"] = new JsonObject { ["ready"] = true } }),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080 }),
    };
}

/// <summary>The same tests with the server on Table Storage (Azurite), where a tenant spans several partitions.</summary>
public sealed class ServiceApiOnTableTests(TableServerFixture server) : ServiceApiTests(server), IClassFixture<TableServerFixture>;
