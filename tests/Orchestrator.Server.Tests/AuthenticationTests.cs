using System.Net;
using System.Net.Http.Headers;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>Every request but the health probe needs a key, and a key sees its own tenant only.</summary>
public sealed class AuthenticationTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public AuthenticationTests(ServerFixture server) => _server = server;

    /// <summary>One request for each route of the route table (and a path no route matches), with a method it serves.</summary>
    public static TheoryData<string, string> EveryRoute => new()
    {
        { "GET", "/version" },
        { "GET", "/api" },
        { "GET", "/apis" },
        { "GET", "/api/v1" },
        { "GET", "/apis/apps/v1" },
        { "GET", "/api/v1/nodes" },
        { "POST", "/api/v1/nodes" },
        { "GET", "/api/v1/nodes/n1" },
        { "DELETE", "/api/v1/nodes/n1" },
        { "PATCH", "/api/v1/nodes/n1/status" },
        { "GET", "/api/v1/namespaces/default/pods" },
        { "POST", "/api/v1/namespaces/default/pods" },
        { "GET", "/api/v1/namespaces/default/pods/p1" },
        { "PUT", "/api/v1/namespaces/default/pods/p1/status" },
        { "GET", "/apis/apps/v1/deployments" },
        { "GET", "/apis/apps/v1/deployments/d1" },
        { "GET", "/apis/apps/v1/namespaces/default/deployments" },
        { "POST", "/apis/apps/v1/namespaces/default/deployments" },
        { "DELETE", "/apis/apps/v1/namespaces/default/deployments/d1" },
        { "PATCH", "/apis/apps/v1/namespaces/default/deployments/d1" },
        { "GET", "/apis/apps/v1/namespaces/default/deployments/d1/status" },
        { "POST", "/agent/v1/jointokens" },
        { "POST", "/agent/v1/join" },
        { "GET", "/agent/v1/nodes/n1/channel" },
        { "PUT", "/agent/v1/nodes/n1/lease" },
        { "POST", "/agent/v1/nodes/n1/podstatus" },
        { "GET", "/no/such/path" },
    };

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task AnyRoute_NoAuthorizationHeader_Returns401Status(string method, string path)
    {
        var anonymous = _server.CreateClient(token: null);

        var response = await anonymous.SendJsonAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : "{}");

        await response.ExpectStatusAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Theory]
    [InlineData("Bearer orch_notakeyatall")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("orch_missingscheme")]
    public async Task ListDeployments_GarbageAuthorization_Returns401Status(string authorization)
    {
        var client = _server.CreateClient(token: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync(Manifests.Deployments);

        await response.ExpectStatusAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task GetDeployment_AdminKeyWithOneCharacterChanged_Returns401Status()
    {
        var token = _server.AdminToken;
        var forged = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var client = _server.CreateClient(forged);

        var response = await client.GetAsync(Manifests.Deployments);

        await response.ExpectStatusAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Healthz_NoAuthorizationHeader_Returns200()
    {
        var anonymous = _server.CreateClient(token: null);

        var response = await anonymous.GetAsync("/healthz");

        Assert.Equal("ok", (string?)(await response.ExpectAsync(HttpStatusCode.OK))["status"]);
    }

    [Theory]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/default/deployments")]
    [InlineData("PUT", "/version")]
    [InlineData("DELETE", "/agent/v1/join")]
    public async Task RouteWithUnservedMethod_NoAuthorizationHeader_Returns401BeforeRevealingTheRoute(string method, string path)
    {
        // Kubernetes authenticates before it routes: an anonymous caller learns nothing about which methods exist.
        var anonymous = _server.CreateClient(token: null);

        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ExpectStatusAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task GetDeployment_KeyOfOtherTenant_Returns404NotFoundNot403()
    {
        var name = Manifests.UniqueName("mine");
        await _server.Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var other = await _server.CreateTenantClientAsync("other");

        var response = await other.GetAsync($"{Manifests.Deployments}/{name}");

        var status = await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(name, (string?)status["details"]!["name"]);
    }

    [Fact]
    public async Task ListDeployments_KeyOfOtherTenant_ReturnsNoneOfTheOwnersDeployments()
    {
        var name = Manifests.UniqueName("mine");
        await _server.Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var other = await _server.CreateTenantClientAsync("other");

        var items = await other.ListAsync(Manifests.Deployments);
        var everywhere = await other.ListAsync("/apis/apps/v1/deployments");

        Assert.Empty(items);
        Assert.Empty(everywhere);
        Assert.Contains(await _server.Admin.ListAsync(Manifests.Deployments), d => d.Name() == name);
    }

    [Fact]
    public async Task DeleteDeployment_KeyOfOtherTenant_Returns404AndOwnerStillHasIt()
    {
        var name = Manifests.UniqueName("mine");
        var created = await _server.Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var other = await _server.CreateTenantClientAsync("other");

        var response = await other.DeleteAsync($"{Manifests.Deployments}/{name}");

        await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        var still = await _server.Admin.GetObjectAsync($"{Manifests.Deployments}/{name}");
        Assert.Equal(created.Uid(), still.Uid());
    }

    [Fact]
    public async Task PatchDeployment_KeyOfOtherTenant_Returns404AndOwnersSpecIsUnchanged()
    {
        var name = Manifests.UniqueName("mine");
        await _server.Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var other = await _server.CreateTenantClientAsync("other");

        var response = await other.PatchJsonAsync($"{Manifests.Deployments}/{name}", """{"spec":{"replicas":5}}""");

        await response.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        var still = await _server.Admin.GetObjectAsync($"{Manifests.Deployments}/{name}");
        Assert.Equal(0, (int?)still["spec"]!["replicas"]);
        Assert.Equal(1, still.Generation());
    }

    [Fact]
    public async Task CreateDeployment_SameNameInOtherTenant_CreatesAnIndependentObject()
    {
        var name = Manifests.UniqueName("shared");
        var mine = await _server.Admin.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        var other = await _server.CreateTenantClientAsync("other");

        var theirs = await other.CreateAsync(Manifests.Deployments, Manifests.FrontendDeployment(name, replicas: 0));
        await (await other.DeleteRetryingAsync($"{Manifests.Deployments}/{name}")).ExpectAsync(HttpStatusCode.OK);

        Assert.NotEqual(mine.Uid(), theirs.Uid());
        Assert.Equal(mine.Uid(), (await _server.Admin.GetObjectAsync($"{Manifests.Deployments}/{name}")).Uid());
    }

    [Fact]
    public async Task CreateJoinToken_KeyOfOtherTenant_JoinedNodeIsInvisibleToTheOwner()
    {
        var other = await _server.CreateTenantClientAsync("other");
        var joinToken = (string)(await (await other.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var joiner = _server.CreateClient(joinToken);
        var node = Manifests.UniqueName("theirs");

        await (await joiner.PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);

        await (await _server.Admin.GetAsync($"/api/v1/nodes/{node}")).ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(node, (await other.GetObjectAsync($"/api/v1/nodes/{node}")).Name());
    }

    [Fact]
    public async Task Request_BearerSchemeInLowerCase_IsAccepted()
    {
        var client = _server.CreateClient(token: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", _server.AdminToken);

        var response = await client.GetAsync(Manifests.Deployments);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
