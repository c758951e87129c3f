using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// The Functions host keeps no node mailboxes and no in-process log exchange (many instances): it declares the
/// standalone server's native agent routes and answers them 404 with a Status, as docs/adr/0018 says.
/// </summary>
public sealed class NativeAgentRouteFunctionTests
{
    [Fact]
    public async Task NodeMessages_JoinedNode_Answers404StatusSayingThisHostHasNoMailboxes()
    {
        using var controlPlane = new TestControlPlane();
        var functions = controlPlane.Create<AgentFunctions>();
        var request = TestControlPlane.Request("GET", "/agent/v1/nodes/worker-1/messages", await JoinAsync(controlPlane, functions));

        await functions.NodeMessages(request, "worker-1");

        AssertNotFound(request, "no node mailboxes");
    }

    [Fact]
    public async Task NodeLogUpload_JoinedNode_Answers404StatusSayingAnswersGoToBlobs()
    {
        using var controlPlane = new TestControlPlane();
        var functions = controlPlane.Create<AgentFunctions>();
        var request = TestControlPlane.Request("PUT", "/agent/v1/nodes/worker-1/logs/r1", await JoinAsync(controlPlane, functions), "line 1");

        await functions.NodeLogUpload(request, "worker-1", "r1");

        AssertNotFound(request, "blob storage");
    }

    private static void AssertNotFound(Microsoft.AspNetCore.Http.HttpRequest request, string saying)
    {
        Assert.Equal(404, request.HttpContext.Response.StatusCode);
        var status = TestControlPlane.ResponseJson(request);
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("NotFound", status.GetProperty("reason").GetString());
        Assert.Contains(saying, status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Joins <c>worker-1</c> and returns its node credential.</summary>
    private static async Task<string?> JoinAsync(TestControlPlane controlPlane, AgentFunctions functions)
    {
        var tokenRequest = TestControlPlane.Request("POST", "/agent/v1/jointokens", await controlPlane.AdminKeyAsync());
        await functions.JoinTokens(tokenRequest);
        var join = TestControlPlane.Request("POST", "/agent/v1/join", TestControlPlane.ResponseJson(tokenRequest).GetProperty("token").GetString(), """{"nodeName":"worker-1"}""");
        await functions.Join(join);
        return TestControlPlane.ResponseJson(join).GetProperty("token").GetString();
    }
}
