using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// <c>pods/{name}/log</c> end to end: the request travels to the real agent through its node's mailbox on the server,
/// the agent puts the lines back to the server over its own connection (docs/adr/0018), and the server answers with
/// them; with the agent stopped the server answers 504.
/// </summary>
public sealed class LogsTests : IAsyncLifetime
{
    private readonly LocalSystem _system = new("logs-node");

    public Task InitializeAsync() => _system.StartAsync();

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task GetLog_ProcessPodThatEchoes_ReturnsItsLinesAndTimesOutOnceTheAgentIsStopped()
    {
        var api = _system.Api;
        await api.PostAsync(Pods, EchoPod("echo"));
        await _system.RunningPodsAsync(1);

        var all = await Eventually.HoldsAsync("the pod's log comes back through the API", async () => (await api.GetTextAsync($"{Pods}/echo/log")) is var r && r.Status == HttpStatusCode.OK ? r.Body : null,
            body => body == "line-1\nline-2\nline-3\n", diagnostics: _system.Logs);
        Assert.Equal("line-1\nline-2\nline-3\n", all);

        var (status, mediaType, tail) = await api.GetTextAsync($"{Pods}/echo/log?container=main&tailLines=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", mediaType);
        Assert.Equal("line-3\n", tail);

        var (previousStatus, _, previous) = await api.GetTextAsync($"{Pods}/echo/log?previous=true");
        Assert.Equal(HttpStatusCode.BadRequest, previousStatus);
        Assert.Equal("previous terminated container \"main\" in pod \"echo\" not found", JsonNode.Parse(previous)!["message"]!.GetValue<string>());

        await _system.Agent!.StopAsync();
        var watch = Stopwatch.StartNew();
        var (timeoutStatus, _, timeout) = await api.GetTextAsync($"{Pods}/echo/log");
        watch.Stop();

        Assert.Equal(HttpStatusCode.GatewayTimeout, timeoutStatus);
        var body = JsonNode.Parse(timeout)!;
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
        Assert.Equal("the node \"logs-node\" did not answer in time; it may be unreachable", body["message"]!.GetValue<string>());
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20));
    }

    private static string EchoPod(string name) => $$"""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "runtimeClassName": "process",
            "terminationGracePeriodSeconds": 1,
            "containers": [{
              "name": "main",
              "image": "busybox",
              "command": ["/bin/sh", "-c", "echo line-1; echo line-2; echo line-3; exec sleep 3600"],
              "resources": { "requests": { "cpu": "50m", "memory": "16Mi" } }
            }]
          }
        }
        """;
}
