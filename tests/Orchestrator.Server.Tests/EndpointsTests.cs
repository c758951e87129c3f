using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// The endpoints loop over the standalone server and Azurite: a Service's EndpointSlice follows its pods as their
/// node's agent reports them, and a node's credential reads Services and EndpointSlices but never writes them.
/// </summary>
public sealed class EndpointsTests : IClassFixture<ServerFixture>
{
    private const string Services = "/api/v1/namespaces/default/services";
    private const string EndpointSlices = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";

    private readonly ServerFixture _server;

    public EndpointsTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task ReadyPods_ReportedByTheirAgent_AreListedInTheServicesSliceAtTheirNodeAddressAndNamedPort()
    {
        var (node, agent) = await JoinAsync();
        var app = Manifests.UniqueName("ep");
        var first = await CreatePodAsync(app, node);
        var second = await CreatePodAsync(app, node);
        await Admin.CreateAsync(Services, Service(app));

        await ReportAsync(agent, node, ready: true, first, second);

        var slice = await SliceAsync(app, s => Endpoints(s).Count(e => Ready(e) == true) == 2, "both pods ready");
        Assert.Equal("endpointslice-controller.k8s.io", (string?)slice["metadata"]!["labels"]!["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("IPv4", (string?)slice["addressType"]);
        var port = Assert.Single(slice["ports"]!.AsArray())!;
        Assert.Equal(("http", 8080, "TCP"), ((string?)port["name"], (int?)port["port"], (string?)port["protocol"]));
        Assert.All(Endpoints(slice), e =>
        {
            Assert.Equal(node, (string?)e["nodeName"]);
            Assert.Equal("192.0.2.10", (string?)e["addresses"]![0]);
            Assert.Equal("Pod", (string?)e["targetRef"]!["kind"]);
        });
        Assert.Equal(new[] { first.Name(), second.Name() }.Order(StringComparer.Ordinal), Endpoints(slice).Select(e => (string?)e["targetRef"]!["name"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PodTurnsUnready_ReportedByItsAgent_IsNoLongerReadyInTheSlice()
    {
        var (node, agent) = await JoinAsync();
        var app = Manifests.UniqueName("ep");
        var pod = await CreatePodAsync(app, node);
        await Admin.CreateAsync(Services, Service(app));
        await ReportAsync(agent, node, ready: true, pod);
        await SliceAsync(app, s => Endpoints(s).Any(e => Ready(e) == true), "the pod ready");

        await ReportAsync(agent, node, ready: false, pod);

        var slice = await SliceAsync(app, s => Endpoints(s).Any(e => Ready(e) == false), "the pod not ready");
        var conditions = Assert.Single(Endpoints(slice))["conditions"]!;
        Assert.Equal((false, false), ((bool?)conditions["serving"], (bool?)conditions["terminating"]));
    }

    [Fact]
    public async Task DeletePod_TerminatingThenFinalizedByItsNode_IsMarkedTerminatingThenLeavesTheSlice()
    {
        var (node, agent) = await JoinAsync();
        var app = Manifests.UniqueName("ep");
        var staying = await CreatePodAsync(app, node);
        var leaving = await CreatePodAsync(app, node);
        await Admin.CreateAsync(Services, Service(app));
        await ReportAsync(agent, node, ready: true, staying, leaving);
        await SliceAsync(app, s => Endpoints(s).Count(e => Ready(e) == true) == 2, "both pods ready");

        await (await Admin.SendJsonAsync(HttpMethod.Delete, $"{Manifests.Pods}/{leaving.Name()}", """{"gracePeriodSeconds":30}""")).ExpectAsync(HttpStatusCode.OK);

        var terminating = await SliceAsync(app, s => Endpoints(s).Any(e => (bool?)e["conditions"]!["terminating"] == true), "the deleted pod terminating");
        var gone = Endpoints(terminating).Single(e => (string?)e["targetRef"]!["name"] == leaving.Name());
        Assert.False(Ready(gone));
        Assert.True(Ready(Endpoints(terminating).Single(e => (string?)e["targetRef"]!["name"] == staying.Name())));

        var finalized = await agent.SendJsonAsync(HttpMethod.Delete, $"/agent/v1/nodes/{node}/pods/default/{leaving.Name()}", $$$"""{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"{{{leaving.Uid()}}}"}}""");
        await finalized.ExpectAsync(HttpStatusCode.OK);

        var after = await SliceAsync(app, s => Endpoints(s).Count == 1, "only the staying pod");
        Assert.Equal(staying.Name(), (string?)Assert.Single(Endpoints(after))["targetRef"]!["name"]);
    }

    [Fact]
    public async Task NodeCredential_ReadsServicesAndEndpointSlices_ButCannotWriteThem()
    {
        var (_, agent) = await JoinAsync();
        var app = Manifests.UniqueName("ep");
        await Admin.CreateAsync(Services, Service(app));
        var slice = await SliceAsync(app, _ => true, "the Service's slice");

        var services = await (await agent.GetAsync("/api/v1/services")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(services["items"]!.AsArray(), s => (string?)s!["metadata"]!["name"] == app);
        await (await agent.GetAsync($"{Services}/{app}")).ExpectAsync(HttpStatusCode.OK);
        var slices = await (await agent.GetAsync("/apis/discovery.k8s.io/v1/endpointslices")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(slices["items"]!.AsArray(), s => (string?)s!["metadata"]!["labels"]!["kubernetes.io/service-name"] == app);

        var other = Manifests.UniqueName("ep");
        await (await agent.PostJsonAsync(Services, Service(other))).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.PutJsonAsync($"{Services}/{app}", await Admin.GetObjectAsync($"{Services}/{app}"))).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.DeleteAsync($"{Services}/{app}")).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.PostJsonAsync(EndpointSlices, Slice(other))).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.PutJsonAsync($"{EndpointSlices}/{slice.Name()}", slice)).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.PatchJsonAsync($"{EndpointSlices}/{slice.Name()}", """{"metadata":{"labels":{"x":"y"}}}""")).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.DeleteAsync($"{EndpointSlices}/{slice.Name()}")).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await Admin.GetAsync($"{Services}/{other}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(slice.ResourceVersion(), (await Admin.GetObjectAsync($"{EndpointSlices}/{slice.Name()}")).ResourceVersion());
    }

    private static JsonObject Service(string app) => JsonNode.Parse($$"""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "name": "{{app}}" },
          "spec": { "selector": { "app": "{{app}}" }, "ports": [ { "name": "http", "port": 80, "targetPort": "http" } ] }
        }
        """)!.AsObject();

    private static JsonObject Slice(string name) => JsonNode.Parse($$"""
        {
          "apiVersion": "discovery.k8s.io/v1",
          "kind": "EndpointSlice",
          "metadata": { "name": "{{name}}", "labels": { "kubernetes.io/service-name": "{{name}}" } },
          "addressType": "IPv4",
          "endpoints": [ { "addresses": ["192.0.2.99"] } ],
          "ports": [ { "name": "http", "port": 8080, "protocol": "TCP" } ]
        }
        """)!.AsObject();

    private static List<JsonObject> Endpoints(JsonObject slice) => [.. (slice["endpoints"]?.AsArray() ?? []).Select(e => e!.AsObject())];

    private static bool? Ready(JsonObject endpoint) => (bool?)endpoint["conditions"]?["ready"];

    /// <summary>The Service's one managed slice, once it satisfies <paramref name="condition"/>.</summary>
    private async Task<JsonObject> SliceAsync(string service, Func<JsonObject, bool> condition, string what)
    {
        var slices = await Eventually.MatchesAsync(
            () => Admin.ListAsync($"{EndpointSlices}?labelSelector=kubernetes.io%2Fservice-name%3D{service}"),
            s => s.Count == 1 && condition(s[0]),
            $"the slice of {service} with {what}");
        return slices[0];
    }

    /// <summary>A pod of <paramref name="app"/> bound to <paramref name="node"/>, declaring container port <c>http</c> 8080.</summary>
    private async Task<JsonObject> CreatePodAsync(string app, string node)
    {
        var pod = Manifests.Pod(Manifests.UniqueName(app[..2]), node);
        pod["metadata"]!["labels"]!["app"] = app;
        pod["spec"]!["containers"]![0]!["ports"] = JsonNode.Parse("""[{ "name": "http", "containerPort": 8080 }]""");
        return await Admin.CreateAsync(Manifests.Pods, pod);
    }

    private async Task<(string Node, HttpClient Agent)> JoinAsync()
    {
        var token = (string)(await (await Admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var node = Manifests.UniqueName("ep-node");
        var joined = await (await _server.CreateClient(token).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (node, _server.CreateClient((string)joined["token"]!));
    }

    /// <summary>What the node's agent reports: the pods Running at the node's address, Ready or not.</summary>
    private static async Task ReportAsync(HttpClient agent, string node, bool ready, params JsonObject[] pods)
    {
        var readiness = ready ? "True" : "False";
        var items = new JsonArray();
        foreach (var pod in pods)
        {
            items.Add(new JsonObject
            {
                ["namespace"] = "default",
                ["name"] = pod.Name(),
                ["uid"] = pod.Uid(),
                ["status"] = JsonNode.Parse($$"""
                    {"phase":"Running","hostIP":"192.0.2.10","podIP":"192.0.2.10","conditions":[
                      {"type":"Ready","status":"{{readiness}}"},{"type":"ContainersReady","status":"{{readiness}}"}]}
                    """),
            });
        }

        var result = await (await agent.PostJsonAsync($"/agent/v1/nodes/{node}/podstatus", new JsonObject { ["items"] = items })).ExpectAsync(HttpStatusCode.OK);
        Assert.All(result["results"]!.AsArray(), r => Assert.Equal(200, (int?)r!["code"]));
    }
}
