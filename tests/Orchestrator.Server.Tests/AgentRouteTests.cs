using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// Joining a node and what its credentials may do: a join token only joins, a node token acts for its own node only.
/// </summary>
public sealed class AgentRouteTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public AgentRouteTests(ServerFixture server) => _server = server;

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task CreateJoinToken_Admin_Returns201WithTokenAndFutureExpiry()
    {
        var response = await Admin.PostJsonAsync("/agent/v1/jointokens", "{}");

        var body = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.StartsWith("orch_", (string?)body["token"]);
        var expiresAt = DateTimeOffset.Parse((string)body["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
    }

    [Fact]
    public async Task CreateJoinToken_TtlSecondsGiven_ExpiresThatLate()
    {
        var response = await Admin.PostJsonAsync("/agent/v1/jointokens", """{"ttlSeconds":600,"description":"rack 4"}""");

        var expiresAt = DateTimeOffset.Parse((string)(await response.ExpectAsync(HttpStatusCode.Created))["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddSeconds(500), DateTimeOffset.UtcNow.AddSeconds(700));
    }

    [Fact]
    public async Task CreateJoinToken_TtlBeyondTheMaximum_Returns400NamingTtlSeconds()
    {
        var response = await Admin.PostJsonAsync("/agent/v1/jointokens", """{"ttlSeconds":99999999}""");

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["ttlSeconds"], status.CauseFields());
    }

    [Fact]
    public async Task Join_WithJoinToken_Returns201WithNodeTokenAndChannelGrantAndCreatesTheNode()
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());
        var node = Manifests.UniqueName("n1");

        var response = await joiner.PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""");

        var joined = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(node, (string?)joined["nodeName"]);
        Assert.StartsWith("orch_", (string?)joined["token"]);
        var channel = joined["channel"]!;
        Assert.Equal("server", (string?)channel["kind"]);
        Assert.Equal($"agent/v1/nodes/{node}/messages", (string?)channel["address"]);
        Assert.True(DateTimeOffset.Parse((string)channel["expiresOn"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
        var created = await Admin.GetObjectAsync($"/api/v1/nodes/{node}");
        Assert.Equal("Node", (string?)created["kind"]);
        Assert.Equal(node, (string?)created["metadata"]!["labels"]!["kubernetes.io/hostname"]);
    }

    [Fact]
    public async Task Join_SameNodeTwice_ReturnsTwoWorkingCredentialsForOneNode()
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());
        var node = Manifests.UniqueName("n1");

        var first = (string)(await (await joiner.PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var second = (string)(await (await joiner.PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created))["token"]!;

        Assert.NotEqual(first, second);
        Assert.Single(await Admin.ListAsync($"/api/v1/nodes?fieldSelector=metadata.name%3D{node}"));
        Assert.Equal(node, (await _server.CreateClient(first).GetObjectAsync($"/api/v1/nodes/{node}")).Name());
        Assert.Equal(node, (await _server.CreateClient(second).GetObjectAsync($"/api/v1/nodes/{node}")).Name());
    }

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("UPPER")]
    [InlineData("-leading-dash")]
    public async Task Join_InvalidNodeName_Returns422WithFieldNodeNameAndCreatesNoNode(string nodeName)
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());

        var response = await joiner.PostJsonAsync("/agent/v1/join", new JsonObject { ["nodeName"] = nodeName });

        var status = await response.ExpectStatusAsync(HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal(["nodeName"], status.CauseFields());
        Assert.DoesNotContain(await Admin.ListAsync("/api/v1/nodes"), n => n.Name() == nodeName);
    }

    [Fact]
    public async Task Join_NodeNameMissing_Returns4xxNamingNodeName()
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());

        var response = await joiner.PostJsonAsync("/agent/v1/join", "{}");

        Assert.True((int)response.StatusCode is 400 or 422, $"got {(int)response.StatusCode}");
        Assert.Contains("nodeName", (await response.ReadObjectAsync()).CauseFields());
    }

    [Fact]
    public async Task ListPods_WithJoinToken_Returns403()
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());

        var response = await joiner.GetAsync("/api/v1/pods");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task CreateJoinToken_WithJoinToken_Returns403()
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());

        var response = await joiner.PostJsonAsync("/agent/v1/jointokens", "{}");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task ListPods_NodeTokenWithOwnNodeFieldSelector_Returns200WithTheNodesPods()
    {
        var (node, client) = await JoinAsync();
        var pod = Manifests.UniqueName("bound");
        await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(pod, node));
        await Admin.CreateAsync(Manifests.Pods, Manifests.Pod(Manifests.UniqueName("elsewhere"), Manifests.UniqueName("n2")));

        var items = await client.ListAsync($"/api/v1/pods?fieldSelector=spec.nodeName%3D{node}");

        Assert.Equal(pod, Assert.Single(items).Name());
    }

    [Theory]
    [InlineData("/api/v1/pods?fieldSelector=spec.nodeName%3Dn2")]
    [InlineData("/api/v1/pods")]
    [InlineData("/api/v1/namespaces/default/pods")]
    [InlineData("/apis/apps/v1/namespaces/default/deployments")]
    [InlineData("/apis/apps/v1/deployments")]
    [InlineData("/api/v1/nodes")]
    [InlineData("/api/v1/nodes/n2")]
    public async Task Get_NodeTokenOutsideItsNode_Returns403(string path)
    {
        var (_, client) = await JoinAsync();

        var response = await client.GetAsync(path);

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task CreateDeployment_NodeToken_Returns403AndCreatesNothing()
    {
        var (_, client) = await JoinAsync();
        var name = Manifests.UniqueName("sneaky");

        var response = await client.PostJsonAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await Admin.GetAsync($"{Manifests.Deployments}/{name}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task PatchNodeStatus_NodeTokenOwnNode_Returns200AndStoresTheStatus()
    {
        var (node, client) = await JoinAsync();

        var response = await client.PatchJsonAsync($"/api/v1/nodes/{node}/status", """{"status":{"capacity":{"cpu":"2","memory":"4Gi","pods":"110"}}}""");

        var patched = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("2", (string?)patched["status"]!["capacity"]!["cpu"]);
        var read = await Admin.GetObjectAsync($"/api/v1/nodes/{node}");
        Assert.Equal("4Gi", (string?)read["status"]!["capacity"]!["memory"]);
        Assert.Equal("2", (string?)read["status"]!["allocatable"]!["cpu"]);
    }

    [Fact]
    public async Task PatchNodeStatus_NodeReportsReady_HeartbeatIsTheControlPlanesTimeNotTheAgents()
    {
        var (node, client) = await JoinAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await client.PatchJsonAsync($"/api/v1/nodes/{node}/status", """
            {"status":{"conditions":[{"type":"Ready","status":"True","reason":"AgentReady","lastHeartbeatTime":"2001-01-01T00:00:00Z","lastTransitionTime":"2001-01-01T00:00:00Z"}]}}
            """);

        var ready = (await response.ExpectAsync(HttpStatusCode.OK))["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        var heartbeat = DateTimeOffset.Parse((string)ready["lastHeartbeatTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(heartbeat, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("2001-01-01T00:00:00Z", (string?)ready["lastTransitionTime"]);
    }

    [Fact]
    public async Task PatchNodeStatus_NodeTokenOtherNode_Returns403AndChangesNothing()
    {
        var (_, client) = await JoinAsync();
        var (other, _) = await JoinAsync();

        var response = await client.PatchJsonAsync($"/api/v1/nodes/{other}/status", """{"status":{"capacity":{"cpu":"64"}}}""");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Null((await Admin.GetObjectAsync($"/api/v1/nodes/{other}"))["status"]?["capacity"]?["cpu"]);
    }

    [Fact]
    public async Task PatchNode_NodeTokenOwnNodeSpec_Returns403()
    {
        // The status subresource is the node's; its spec (taints, unschedulable) belongs to the administrators.
        var (node, client) = await JoinAsync();

        var response = await client.PatchJsonAsync($"/api/v1/nodes/{node}", """{"spec":{"unschedulable":true}}""");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task RenewLease_NodeTokenOwnNode_Returns200WithRenewTime()
    {
        var (node, client) = await JoinAsync();

        var response = await client.PutJsonAsync($"/agent/v1/nodes/{node}/lease", $$"""{"holderIdentity":"{{node}}","leaseDurationSeconds":40}""");

        var renewed = await response.ExpectAsync(HttpStatusCode.OK);
        var renewTime = DateTimeOffset.Parse((string)renewed["renewTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(renewTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task RenewLease_NodeTokenOtherNode_Returns403()
    {
        var (_, client) = await JoinAsync();
        var (other, _) = await JoinAsync();

        var response = await client.PutJsonAsync($"/agent/v1/nodes/{other}/lease", $$"""{"holderIdentity":"{{other}}","leaseDurationSeconds":40}""");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task GetNodeChannel_NodeTokenOtherNode_Returns403()
    {
        var (_, client) = await JoinAsync();
        var (other, _) = await JoinAsync();

        var response = await client.GetAsync($"/agent/v1/nodes/{other}/channel");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task Join_WithNodeToken_Returns403()
    {
        var (_, client) = await JoinAsync();

        var response = await client.PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{Manifests.UniqueName("n3")}}"}""");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task GetNodeSecret_PullSecretOfAPodOnTheNode_Returns200ForThatNodeAnd403ForOthers()
    {
        var (node, client) = await JoinAsync();
        var (_, otherClient) = await JoinAsync();
        var secret = Manifests.UniqueName("pull");
        var dockerConfig = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("""{"auths":{"127.0.0.1:5000":{"auth":"dTpw"}}}"""));
        await Admin.CreateAsync("/api/v1/namespaces/default/secrets", JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{secret}}}"},"type":"kubernetes.io/dockerconfigjson",
             "data":{".dockerconfigjson":"{{{dockerConfig}}}"}}
            """)!.AsObject());
        var unused = Manifests.UniqueName("unused");
        await Admin.CreateAsync("/api/v1/namespaces/default/secrets", JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{unused}}}"},"stringData":{"k":"v"}}""")!.AsObject());
        var pod = Manifests.Pod(Manifests.UniqueName("pulls"), node);
        pod["spec"]!["imagePullSecrets"] = JsonNode.Parse($$"""[{"name":"{{secret}}"}]""");
        await Admin.CreateAsync(Manifests.Pods, pod);

        var got = await (await client.GetAsync($"/agent/v1/nodes/{node}/secrets/default/{secret}")).ExpectAsync(HttpStatusCode.OK);
        var other = await otherClient.GetAsync($"/agent/v1/nodes/{node}/secrets/default/{secret}");
        var notReferenced = await client.GetAsync($"/agent/v1/nodes/{node}/secrets/default/{unused}");
        var directly = await client.GetAsync($"/api/v1/namespaces/default/secrets/{secret}");

        Assert.Contains("127.0.0.1:5000", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)got["data"]![".dockerconfigjson"]!)), StringComparison.Ordinal);
        await other.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await notReferenced.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await directly.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    private async Task<string> CreateJoinTokenAsync() =>
        (string)(await (await Admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;

    /// <summary>Joins a new node with a fresh join token; returns its name and a client holding its node token.</summary>
    private async Task<(string Node, HttpClient Client)> JoinAsync()
    {
        var joiner = _server.CreateClient(await CreateJoinTokenAsync());
        var node = Manifests.UniqueName("n1");
        var joined = await (await joiner.PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (node, _server.CreateClient((string)joined["token"]!));
    }
}
