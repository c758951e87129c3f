using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Testing;
using Orchestrator.Testing.Docker;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// A real HTTP server in Docker through the whole system: an image built here with <c>docker import</c>, readiness and
/// liveness probes, a broken health endpoint that gets the container restarted, and its logs through the API.
/// </summary>
public sealed class DockerWorkloadTests : IAsyncLifetime
{
    private readonly DockerEngineFixture _engine = new();
    private readonly int _port = FreePort.Next();
    private LocalSystem? _system;

    public async Task InitializeAsync()
    {
        await _engine.InitializeAsync();
        await TestImages.ImportBusyboxAsync(_engine);
        _system = new LocalSystem("docker-node", new Dictionary<string, string> { ["Agent__Docker__Endpoint"] = "unix://" + _engine.SocketPath });
        await _system.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task HttpServerDeployment_WithProbes_RunsRestartsWhenUnhealthyAndShowsItsLogs()
    {
        var system = _system!;
        var api = system.Api;
        await Eventually.HoldsAsync("the node offers the docker runtime", () => api.GetAsync($"/api/v1/nodes/{system.NodeName}"),
            n => n?["status"]?["runtimeHandlers"]?.AsArray().Any(h => h?["name"]?.GetValue<string>() == "docker") == true, diagnostics: system.Logs);

        await api.PostAsync(Deployments, WebDeployment());
        var pod = (await system.RunningPodsAsync(1, p => ContainerId(p).StartsWith("docker://", StringComparison.Ordinal))).Single();
        Assert.True(ContainerStatus(pod)["ready"]!.GetValue<bool>());
        using (var http = new HttpClient())
        {
            Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{_port}/health"));
        }

        var log = await Eventually.HoldsAsync("the container's log comes back through the API",
            async () => (await api.GetTextAsync($"{Pods}/{Name(pod)}/log")) is var r && r.Status == HttpStatusCode.OK ? r.Body : null,
            body => body?.Contains($"serving on {_port}", StringComparison.Ordinal) == true, diagnostics: system.Logs);
        var (_, _, stamped) = await api.GetTextAsync($"{Pods}/{Name(pod)}/log?timestamps=true&tailLines=1");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z ", stamped);

        // Break the health endpoint: liveness fails, the container is replaced, and the new one is healthy and Ready.
        var firstId = ContainerId(pod);
        await ExecAsync(firstId["docker://".Length..], ["rm", "/www/health"]);
        var restarted = await Eventually.HoldsAsync("the unhealthy container is restarted", () => api.GetAsync($"{Pods}/{Name(pod)}"),
            p => p is not null && RestartCount(p) >= 1 && Running(p) && ContainerId(p) != firstId, TimeSpan.FromSeconds(90), system.Logs);
        Assert.NotNull(ContainerStatus(restarted)["lastState"]?["terminated"]);
        using (var http = new HttpClient())
        {
            Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{_port}/health"));
        }

        await api.DeleteAsync($"{Deployments}/web");
        await Eventually.HoldsAsync("the pod is removed", () => api.ListAsync(Pods), items => items is JsonArray { Count: 0 }, diagnostics: system.Logs);
        await Eventually.HoldsAsync("its container is removed from the engine", () => ContainerCountAsync(), count => count == 0, diagnostics: system.Logs);
    }

    private string WebDeployment() => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "web" },
          "spec": {
            "replicas": 1,
            "selector": { "matchLabels": { "app": "web" } },
            "template": {
              "metadata": { "labels": { "app": "web" } },
              "spec": {
                "terminationGracePeriodSeconds": 2,
                "containers": [{
                  "name": "httpd",
                  "image": "{{TestImages.Busybox}}",
                  "command": ["sh", "-c", "mkdir -p /www && echo ok > /www/health && echo serving on $(PORT) && exec httpd -f -v -p $(PORT) -h /www"],
                  "env": [{ "name": "PORT", "value": "{{_port}}" }],
                  "ports": [{ "name": "http", "containerPort": {{_port}} }],
                  "readinessProbe": { "httpGet": { "path": "/health", "port": "http" }, "periodSeconds": 1 },
                  "livenessProbe": { "httpGet": { "path": "/health", "port": {{_port}} }, "periodSeconds": 1, "failureThreshold": 2 },
                  "resources": { "limits": { "cpu": "200m", "memory": "32Mi" } }
                }]
              }
            }
          }
        }
        """;

    private async Task ExecAsync(string containerId, string[] command)
    {
        using var http = _engine.CreateHttpClient();
        using var created = await http.PostAsJsonAsync($"/containers/{containerId}/exec", new { Cmd = command, AttachStdout = false, AttachStderr = false });
        created.EnsureSuccessStatusCode();
        var execId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["Id"]!.GetValue<string>();
        using var started = await http.PostAsJsonAsync($"/exec/{execId}/start", new { Detach = true });
        started.EnsureSuccessStatusCode();
    }

    private async Task<int?> ContainerCountAsync()
    {
        using var http = _engine.CreateHttpClient();
        var filters = Uri.EscapeDataString("""{"label":["orchestrator.io/node=docker-node"]}""");
        var list = await http.GetFromJsonAsync<JsonArray>($"/containers/json?all=true&filters={filters}");
        return list!.Count;
    }

    private static string ContainerId(JsonNode pod) =>
        ContainerStatus(pod)["containerID"]?.GetValue<string>() ?? "";
}
