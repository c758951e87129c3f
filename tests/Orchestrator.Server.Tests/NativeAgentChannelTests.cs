using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.Core.Channels;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// The agent's channel carried by the server itself (docs/adr/0018): the node's mailbox long poll and the answers to
/// log requests, both over the agent's own credential. Each test uses its own tenant, so no other test's writes reach
/// its nodes.
/// </summary>
public sealed class NativeAgentChannelTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public NativeAgentChannelTests(ServerFixture server) => _server = server;

    [Fact]
    public async Task Messages_NudgeThroughTheNodeChannel_AnswersTheWaitingPollWithinASecond()
    {
        var agent = await JoinAsync();
        var seq = (await PollAsync(agent, after: 0, timeoutSeconds: 1))["seq"]!.GetValue<long>();
        var waiting = agent.Client.GetAsync($"/agent/v1/nodes/{agent.Node}/messages?after={seq}&timeoutSeconds=30");
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "nothing was sent to the node yet");

        var channel = _server.Services.GetRequiredService<INodeChannel>();
        await channel.NudgeAsync(new NodeNudge(agent.Tenant, agent.Node, "test nudge", DateTimeOffset.UtcNow), CancellationToken.None);
        var sent = Stopwatch.StartNew();
        var answer = await (await waiting.WaitAsync(TimeSpan.FromSeconds(1))).ExpectAsync(HttpStatusCode.OK);

        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(1));
        var message = Assert.Single(answer["messages"]!.AsArray())!;
        Assert.True(message["seq"]!.GetValue<long>() > seq);
        Assert.Equal("test nudge", (string?)message["message"]!["reason"]);
        Assert.Equal(message["seq"]!.GetValue<long>(), answer["seq"]!.GetValue<long>());
    }

    [Fact]
    public async Task Messages_NothingSent_AnswersAnEmptyListAfterTheTimeout()
    {
        var agent = await JoinAsync();
        var seq = (await PollAsync(agent, after: 0, timeoutSeconds: 1))["seq"]!.GetValue<long>();
        var started = Stopwatch.StartNew();

        var answer = await PollAsync(agent, seq, timeoutSeconds: 1);

        Assert.Empty(answer["messages"]!.AsArray());
        Assert.Equal(seq, answer["seq"]!.GetValue<long>());
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Messages_OtherNodesAdminsAndAnonymousCallers_AreRefused()
    {
        var agent = await JoinAsync();
        var other = await JoinAsync(agent.Admin, agent.Tenant);
        var path = $"/agent/v1/nodes/{agent.Node}/messages?timeoutSeconds=1";

        await (await other.Client.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await agent.Admin.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await _server.CreateClient(null).GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Theory]
    [InlineData("timeoutSeconds=0", "timeoutSeconds")]
    [InlineData("timeoutSeconds=61", "timeoutSeconds")]
    [InlineData("timeoutSeconds=soon", "timeoutSeconds")]
    [InlineData("after=-1", "after")]
    [InlineData("after=latest", "after")]
    public async Task Messages_BadParameter_Returns400NamingIt(string query, string field)
    {
        var agent = await JoinAsync();

        var response = await agent.Client.GetAsync($"/agent/v1/nodes/{agent.Node}/messages?{query}");

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal([field], status.CauseFields());
    }

    [Fact]
    public async Task LogUpload_AnswerToThePendingRequest_IsWhatPodsLogReturns()
    {
        var agent = await JoinAsync();
        var (log, request) = await RequestLogAsync(agent);

        var uploaded = await PutLogAsync(agent.Client, (string)request["uploadUrl"]!, "line 1\nline 2\n");

        Assert.Equal(HttpStatusCode.NoContent, uploaded.StatusCode);
        var answer = await log;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("line 1\nline 2\n", await answer.Content.ReadAsStringAsync());
        var again = await PutLogAsync(agent.Client, (string)request["uploadUrl"]!, "twice");
        await again.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task LogUpload_ErrorOutcome_IsA400OfPodsLogWithTheAgentsWords()
    {
        var agent = await JoinAsync();
        var (log, request) = await RequestLogAsync(agent);

        await PutLogAsync(agent.Client, (string)request["uploadUrl"]! + "?outcome=error", "previous terminated container \"main\" not found");

        var status = await (await log).ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("previous terminated container \"main\" not found", (string?)status["message"]);
    }

    [Fact]
    public async Task LogUpload_UnknownRequestOrAnotherNodesRequest_Returns404()
    {
        var agent = await JoinAsync();
        var other = await JoinAsync(agent.Admin, agent.Tenant);
        var (log, request) = await RequestLogAsync(agent);
        var requestId = (string)request["requestId"]!;

        var unknown = await PutLogAsync(agent.Client, $"agent/v1/nodes/{agent.Node}/logs/no-such-request", "x");
        var notTheirs = await PutLogAsync(other.Client, $"agent/v1/nodes/{other.Node}/logs/{requestId}", "forged");
        var notTheirNode = await PutLogAsync(other.Client, (string)request["uploadUrl"]!, "forged");

        await unknown.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        await notTheirs.ExpectStatusAsync(HttpStatusCode.NotFound, "NotFound");
        await notTheirNode.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        await PutLogAsync(agent.Client, (string)request["uploadUrl"]!, "genuine\n");
        Assert.Equal("genuine\n", await (await log).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LogUpload_AboveTheSizeLimit_Returns413AndTheRequestStillWaits()
    {
        var agent = await JoinAsync();
        var (log, request) = await RequestLogAsync(agent);
        var limit = _server.Services.GetRequiredService<IOptions<LogOptions>>().Value.MaxUploadBytes;

        var tooLarge = await PutLogAsync(agent.Client, (string)request["uploadUrl"]!, new string('x', (int)limit + 1));

        await tooLarge.ExpectStatusAsync(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        await PutLogAsync(agent.Client, (string)request["uploadUrl"]!, "short\n");
        Assert.Equal("short\n", await (await log).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LogUpload_UnknownOutcome_Returns400NamingIt()
    {
        var agent = await JoinAsync();

        var response = await PutLogAsync(agent.Client, $"agent/v1/nodes/{agent.Node}/logs/r1?outcome=maybe", "x");

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["outcome"], status.CauseFields());
    }

    private static async Task<JsonObject> PollAsync(Agent agent, long after, int timeoutSeconds) =>
        await (await agent.Client.GetAsync($"/agent/v1/nodes/{agent.Node}/messages?after={after}&timeoutSeconds={timeoutSeconds}"))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>Asks for a log of a pod on the agent's node, and receives the request as the agent would.</summary>
    private static async Task<(Task<HttpResponseMessage> Log, JsonObject Request)> RequestLogAsync(Agent agent)
    {
        var pod = Manifests.UniqueName("logged");
        await agent.Admin.CreateAsync("/api/v1/namespaces/default/pods", Manifests.Pod(pod, agent.Node));
        var log = agent.Admin.GetAsync($"/api/v1/namespaces/default/pods/{pod}/log");
        var after = 0L;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var answer = await PollAsync(agent, after, timeoutSeconds: 5);
            after = answer["seq"]!.GetValue<long>();
            if (answer["messages"]!.AsArray().Select(m => m!["message"]!.AsObject()).FirstOrDefault(m => (string?)m["kind"] == LogRequest.WireKind) is { } request)
            {
                Assert.Equal($"agent/v1/nodes/{agent.Node}/logs/{request["requestId"]}", (string?)request["uploadUrl"]);
                return (log, request);
            }
        }

        throw new TimeoutException("no log request reached the node's mailbox");
    }

    private static Task<HttpResponseMessage> PutLogAsync(HttpClient client, string uploadUrl, string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        return client.PutAsync("/" + uploadUrl, content);
    }

    /// <summary>Joins a node in a new tenant (or <paramref name="tenant"/>, given its admin client).</summary>
    private async Task<Agent> JoinAsync(HttpClient? admin = null, string? tenant = null)
    {
        tenant ??= Manifests.UniqueName("mail");
        admin ??= await _server.CreateTenantClientAsync(tenant);
        var joinToken = (string)(await (await admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var node = Manifests.UniqueName("n1");
        var joined = await (await _server.CreateClient(joinToken).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return new Agent(admin, tenant, node, _server.CreateClient((string)joined["token"]!));
    }

    private sealed record Agent(HttpClient Admin, string Tenant, string Node, HttpClient Client);
}
