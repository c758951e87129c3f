using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

/// <summary>The Functions host keeps no doorbell (many instances): it says so, and agents fall back to their channel.</summary>
public sealed class NodeDoorbellFunctionTests
{
    [Fact]
    public async Task NodeDoorbell_JoinedNode_Answers404StatusSayingThisHostHasNoDoorbell()
    {
        using var controlPlane = new TestControlPlane();
        var functions = controlPlane.Create<AgentFunctions>();
        var tokenRequest = TestControlPlane.Request("POST", "/agent/v1/jointokens", await controlPlane.AdminKeyAsync());
        await functions.JoinTokens(tokenRequest);
        var join = TestControlPlane.Request("POST", "/agent/v1/join", TestControlPlane.ResponseJson(tokenRequest).GetProperty("token").GetString(), """{"nodeName":"worker-1"}""");
        await functions.Join(join);
        var nodeToken = TestControlPlane.ResponseJson(join).GetProperty("token").GetString();
        var request = TestControlPlane.Request("GET", "/agent/v1/nodes/worker-1/doorbell", nodeToken);

        await functions.NodeDoorbell(request, "worker-1");

        Assert.Equal(404, request.HttpContext.Response.StatusCode);
        var status = TestControlPlane.ResponseJson(request);
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("NotFound", status.GetProperty("reason").GetString());
        Assert.Contains("no doorbell", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
