using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

public sealed class AgentFunctionsTests
{
    [Fact]
    public async Task JoinTokensThenJoin_WithAdminKey_RegistersTheNodeAndProvisionsItsQueue()
    {
        using var controlPlane = new TestControlPlane();
        var functions = controlPlane.Create<AgentFunctions>();

        var tokenRequest = TestControlPlane.Request("POST", "/agent/v1/jointokens", await controlPlane.AdminKeyAsync());
        await functions.JoinTokens(tokenRequest);
        var joinToken = TestControlPlane.ResponseJson(tokenRequest).GetProperty("token").GetString();
        var join = TestControlPlane.Request("POST", "/agent/v1/join", joinToken, """{"nodeName":"worker-1"}""");
        await functions.Join(join);

        Assert.Equal(201, tokenRequest.HttpContext.Response.StatusCode);
        Assert.Equal(201, join.HttpContext.Response.StatusCode);
        var joined = TestControlPlane.ResponseJson(join);
        Assert.Equal("worker-1", joined.GetProperty("nodeName").GetString());
        Assert.Equal("memory://acme/worker-1", joined.GetProperty("channel").GetProperty("address").GetString());
    }

    [Fact]
    public async Task NodeLease_WithoutCredentials_Answers401Status()
    {
        using var controlPlane = new TestControlPlane();
        var request = TestControlPlane.Request("PUT", "/agent/v1/nodes/worker-1/lease", json: "{}");

        await controlPlane.Create<AgentFunctions>().NodeLease(request, "worker-1");

        Assert.Equal(401, request.HttpContext.Response.StatusCode);
        Assert.Equal("Status", TestControlPlane.ResponseJson(request).GetProperty("kind").GetString());
        Assert.Empty(await controlPlane.Leases.ListAsync(TestControlPlane.Tenant, CancellationToken.None));
    }
}
