using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>The discovery documents <c>kubectl</c> and the client libraries read before anything else.</summary>
public sealed class DiscoveryTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public DiscoveryTests(ServerFixture server) => _server = server;

    [Fact]
    public async Task GetVersion_Authenticated_ReturnsKubernetesVersionInfo()
    {
        var version = await _server.Admin.GetObjectAsync("/version");

        Assert.Equal("1", (string?)version["major"]);
        Assert.Equal("32", (string?)version["minor"]);
        Assert.StartsWith("v1.32.", (string?)version["gitVersion"]);
        Assert.Contains("/", (string?)version["platform"]);
    }

    [Fact]
    public async Task GetApi_Authenticated_ListsCoreVersionV1()
    {
        var versions = await _server.Admin.GetObjectAsync("/api");

        Assert.Equal("APIVersions", (string?)versions["kind"]);
        Assert.Equal(["v1"], versions["versions"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task GetApis_Authenticated_ListsAppsV1AsPreferredVersion()
    {
        var groups = await _server.Admin.GetObjectAsync("/apis");

        Assert.Equal("APIGroupList", (string?)groups["kind"]);
        var apps = Assert.Single(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "apps")!;
        Assert.Equal("apps/v1", (string?)apps["preferredVersion"]!["groupVersion"]);
        Assert.Contains(apps["versions"]!.AsArray(), v => (string?)v!["groupVersion"] == "apps/v1" && (string?)v["version"] == "v1");
    }

    [Fact]
    public async Task GetCoreResources_Authenticated_ListsPodsNodesNamespacesEventsAndStatusSubresources()
    {
        var list = await _server.Admin.GetObjectAsync("/api/v1");

        Assert.Equal("APIResourceList", (string?)list["kind"]);
        Assert.Equal("v1", (string?)list["groupVersion"]);
        var resources = Resources(list);
        AssertResource(resources, "pods", "Pod", namespaced: true);
        AssertResource(resources, "nodes", "Node", namespaced: false);
        AssertResource(resources, "namespaces", "Namespace", namespaced: false);
        AssertResource(resources, "events", "Event", namespaced: true);
        AssertStatusSubresource(resources, "pods");
        AssertStatusSubresource(resources, "nodes");
        Assert.DoesNotContain("events/status", resources.Keys);
        Assert.Equal("po", (string?)resources["pods"]["shortNames"]![0]);
    }

    [Fact]
    public async Task GetAppsV1Resources_Authenticated_ListsDeploymentsReplicaSetsAndStatusSubresources()
    {
        var list = await _server.Admin.GetObjectAsync("/apis/apps/v1");

        Assert.Equal("APIResourceList", (string?)list["kind"]);
        Assert.Equal("apps/v1", (string?)list["groupVersion"]);
        var resources = Resources(list);
        AssertResource(resources, "deployments", "Deployment", namespaced: true);
        AssertResource(resources, "replicasets", "ReplicaSet", namespaced: true);
        AssertStatusSubresource(resources, "deployments");
        AssertStatusSubresource(resources, "replicasets");
        Assert.DoesNotContain("pods", resources.Keys);
    }

    [Fact]
    public async Task GetGroupResources_UnknownGroupVersion_Returns404Status()
    {
        var response = await _server.Admin.GetAsync("/apis/batch/v1");

        await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    private static Dictionary<string, JsonObject> Resources(JsonObject list) =>
        list["resources"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => (string)r["name"]!);

    private static void AssertResource(Dictionary<string, JsonObject> resources, string plural, string kind, bool namespaced)
    {
        Assert.True(resources.TryGetValue(plural, out var resource), $"{plural} is not listed: {string.Join(", ", resources.Keys)}");
        Assert.Equal(kind, (string?)resource["kind"]);
        Assert.Equal(namespaced, (bool?)resource["namespaced"]);
        var verbs = resource["verbs"]!.AsArray().Select(v => (string?)v).ToList();
        Assert.All(new[] { "create", "delete", "get", "list", "patch", "update" }, verb => Assert.Contains(verb, verbs));
    }

    private static void AssertStatusSubresource(Dictionary<string, JsonObject> resources, string plural)
    {
        Assert.True(resources.TryGetValue(plural + "/status", out var status), $"{plural}/status is not listed");
        var verbs = status["verbs"]!.AsArray().Select(v => (string?)v).ToList();
        Assert.Equal(["get", "patch", "update"], verbs);
    }
}
