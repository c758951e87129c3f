using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// <c>GET /metrics</c> on the standalone server over Azurite: the Azure requests the server really sent, counted by
/// the SDK pipeline policy, and the process's CPU and memory, for administrators only.
/// </summary>
public sealed partial class MetricsTests : IClassFixture<TableServerFixture>
{
    private readonly ServerFixture _server;

    public MetricsTests(TableServerFixture server) => _server = server;

    [Fact]
    public async Task GetMetrics_AdminAfterApiCalls_Returns200WithTableRequestsCountedAndProcessMetrics()
    {
        var scraped = await ScrapeAsync();
        var before = TableRequests(scraped);
        var entitiesBefore = ObjectEntities(scraped);
        await _server.Admin.CreateAsync("/api/v1/namespaces/default/pods", Manifests.Pod(Manifests.UniqueName("metrics")));
        await _server.Admin.ListAsync("/api/v1/namespaces/default/pods");

        var response = await _server.Admin.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE orchestrator_azure_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.True(TableRequests(text) >= before + 2, $"table requests did not rise by the create and the list:\n{text}");

        // The pod's transaction: its row, its index row (no node yet), the sequence row and the log row, in one object group.
        Assert.True(ObjectEntities(text) >= entitiesBefore + 4, $"entities written did not rise by the pod's transaction:\n{text}");
        Assert.Matches(new Regex(@"(?m)^process_cpu_seconds_total [0-9.e+]+$"), text);
        Assert.Matches(new Regex(@"(?m)^process_resident_memory_bytes [1-9][0-9]*$"), text);
        Assert.Matches(new Regex(@"(?m)^process_start_time_seconds [1-9][0-9.e+]+$"), text);
    }

    [Fact]
    public async Task GetMetrics_NoToken_Returns401Status()
    {
        var response = await _server.CreateClient(null).GetAsync("/metrics");

        await response.ExpectStatusAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task GetMetrics_NodeCredential_Returns403Status()
    {
        var joinToken = await CreateJoinTokenAsync();
        var joined = await (await _server.CreateClient(joinToken).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{Manifests.UniqueName("m1")}}"}"""))
            .ExpectAsync(HttpStatusCode.Created);

        var response = await _server.CreateClient((string)joined["token"]!).GetAsync("/metrics");

        var status = await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains("cannot get path \"/metrics\"", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetrics_JoinToken_Returns403Status()
    {
        var response = await _server.CreateClient(await CreateJoinTokenAsync()).GetAsync("/metrics");

        await response.ExpectStatusAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task PostMetrics_Admin_Returns405Status()
    {
        var response = await _server.Admin.PostJsonAsync("/metrics", "{}");

        await response.ExpectStatusAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await _server.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> CreateJoinTokenAsync() =>
        (string)(await (await _server.Admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;

    private static long TableRequests(string text) =>
        TableSample().Matches(text).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static long ObjectEntities(string text) =>
        ObjectEntitiesSample().Matches(text).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""(?m)^orchestrator_table_entities_written_total\{table="objects",group="g[0-9a-f]{2}"\} ([0-9]+)$""")]
    private static partial Regex ObjectEntitiesSample();

    [GeneratedRegex("""(?m)^orchestrator_azure_requests_total\{service="table",method="[A-Z]+"\} ([0-9]+)$""")]
    private static partial Regex TableSample();
}
