using System.Diagnostics;
using System.Net;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// The node's doorbell (docs/adr/0015): an agent's long poll is answered as soon as the control plane puts a message
/// on its node's queue. Each test uses its own tenant, so no other test's writes ring its nodes.
/// </summary>
public sealed class DoorbellTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public DoorbellTests(ServerFixture server) => _server = server;

    [Fact]
    public async Task Doorbell_PodBoundToTheNode_AnswersWithinASecondWithANewGeneration()
    {
        var (admin, node, client) = await JoinAsync();
        var seen = await GenerationAsync(await client.GetAsync($"/agent/v1/nodes/{node}/doorbell"));
        var waiting = client.GetAsync($"/agent/v1/nodes/{node}/doorbell?seen={seen}&timeoutSeconds=30");
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "nothing was sent to the node yet");

        await admin.CreateAsync(Manifests.Pods, Manifests.Pod(Manifests.UniqueName("rung"), node));
        var created = Stopwatch.StartNew();
        var answer = await waiting.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.True(created.Elapsed < TimeSpan.FromSeconds(1));
        Assert.NotEqual(seen, await GenerationAsync(answer));
    }

    [Fact]
    public async Task Doorbell_NothingSent_AnswersAfterTheTimeoutWithTheSameGeneration()
    {
        var (_, node, client) = await JoinAsync();
        var seen = await GenerationAsync(await client.GetAsync($"/agent/v1/nodes/{node}/doorbell"));
        var started = Stopwatch.StartNew();

        var answer = await client.GetAsync($"/agent/v1/nodes/{node}/doorbell?seen={seen}&timeoutSeconds=1");

        Assert.Equal(seen, await GenerationAsync(answer));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Doorbell_NodeTokenOtherNode_Returns403()
    {
        var (admin, _, client) = await JoinAsync();
        var other = await JoinAsync(admin);

        var response = await client.GetAsync($"/agent/v1/nodes/{other.Node}/doorbell?seen=0&timeoutSeconds=1");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("soon")]
    public async Task Doorbell_TimeoutSecondsOutOfRange_Returns400NamingIt(string timeoutSeconds)
    {
        var (_, node, client) = await JoinAsync();

        var response = await client.GetAsync($"/agent/v1/nodes/{node}/doorbell?seen=0&timeoutSeconds={timeoutSeconds}");

        var status = await response.ExpectStatusAsync(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal(["timeoutSeconds"], status.CauseFields());
    }

    private static async Task<long> GenerationAsync(HttpResponseMessage response) =>
        (long)(await response.ExpectAsync(HttpStatusCode.OK))["generation"]!;

    /// <summary>Joins a node in a new tenant; returns the tenant's admin client, the node and a client with its node token.</summary>
    private async Task<(HttpClient Admin, string Node, HttpClient Client)> JoinAsync(HttpClient? admin = null)
    {
        admin ??= await _server.CreateTenantClientAsync(Manifests.UniqueName("bell"));
        var joinToken = (string)(await (await admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var node = Manifests.UniqueName("n1");
        var joined = await (await _server.CreateClient(joinToken).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (admin, node, _server.CreateClient((string)joined["token"]!));
    }
}
