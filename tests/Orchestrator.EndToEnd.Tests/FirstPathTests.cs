using System.Text.Json.Nodes;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The whole path as a user walks it: the standalone server and a real agent process over a real Azurite; a
/// Deployment becomes host processes, which are restarted, replaced, scaled, survive a restart of everything and
/// are removed with the Deployment.
/// </summary>
public sealed class FirstPathTests : IAsyncLifetime
{
    private const string NodeName = "e2e-node";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string Pods = "/api/v1/namespaces/default/pods";

    private readonly AzuriteFixture _azurite = new();
    private readonly string _work = Directory.CreateTempSubdirectory("orch-e2e-").FullName;
    private readonly string _url = $"http://127.0.0.1:{FreePort.Next()}";
    private ChildProcess? _server;
    private ChildProcess? _agent;

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        // Workloads outlive the agent by design; the test ends the ones its agent started.
        foreach (var pid in WorkloadPids())
        {
            Posix.Kill(pid, Posix.SigKill);
        }

        await _azurite.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Deployment_OfProcessPods_RunsRestartsScalesSurvivesRestartAndIsRemoved()
    {
        await StartServerAsync();
        using var api = new ControlPlaneClient(_url, ReadConfigToken());
        var joinToken = (await api.PostAsync("/agent/v1/jointokens", "{}"))["token"]!.GetValue<string>();
        StartAgent(joinToken);

        // Step 5: the node, Ready, with capacity, system info, runtime classes and a heartbeat.
        var node = await Eventually.HoldsAsync("the node becomes Ready", () => api.GetAsync($"/api/v1/nodes/{NodeName}"), n => Condition(n, "Ready") == "True", diagnostics: Logs);
        var status = node["status"]!;
        Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), status["capacity"]!["cpu"]!.GetValue<string>());
        Assert.NotNull(status["capacity"]!["memory"]);
        Assert.Equal("110", status["allocatable"]!["pods"]!.GetValue<string>());
        Assert.Equal("linux", status["nodeInfo"]!["operatingSystem"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(status["nodeInfo"]!["architecture"]!.GetValue<string>()));
        Assert.StartsWith("orch-agent/", status["nodeInfo"]!["kubeletVersion"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("process", status["runtimeHandlers"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()));
        Assert.NotNull(ReadyCondition(node)!["lastHeartbeatTime"]);

        // Steps 2 and 3: a Deployment written as a Kubernetes manifest becomes two running host processes.
        await api.PostAsync(Deployments, DeploymentJson(replicas: 2));
        var pods = await RunningPodsAsync(api, 2);
        foreach (var pod in pods)
        {
            Assert.Equal(NodeName, pod["spec"]!["nodeName"]!.GetValue<string>());
            Assert.Equal("True", Condition(pod, "Ready"));
            Assert.False(string.IsNullOrEmpty(pod["status"]!["hostIP"]?.GetValue<string>()));
            Assert.NotNull(pod["status"]!["startTime"]);
            Assert.Equal(0, ContainerStatus(pod)["restartCount"]!.GetValue<int>());
            Assert.Contains("sleep", Posix.CommandLine(Pid(pod)), StringComparison.Ordinal);
        }

        // Step 4: a killed process is started again and its restartCount goes up.
        var victim = pods[0];
        var victimName = Name(victim);
        var killedPid = Pid(victim);
        Posix.Kill(killedPid, Posix.SigKill);
        var restarted = await Eventually.HoldsAsync("the killed process is restarted", () => api.GetAsync($"{Pods}/{victimName}"),
            p => p is not null && ContainerStatus(p)["restartCount"]!.GetValue<int>() >= 1 && Running(p) && Pid(p) != killedPid, diagnostics: Logs);
        Assert.True(Posix.IsAlive(Pid(restarted)));

        // A deleted pod is replaced; its process goes away.
        var deleted = pods[1];
        await api.DeleteAsync($"{Pods}/{Name(deleted)}");
        pods = await RunningPodsAsync(api, 2, p => Name(p) != Name(deleted));
        await Eventually.HoldsAsync("the deleted pod's process stops", () => Task.FromResult<bool?>(Posix.IsAlive(Pid(deleted))), alive => alive == false, diagnostics: Logs);

        // Scaling up and down.
        await api.MergePatchAsync($"{Deployments}/sleeper", """{"spec":{"replicas":3}}""");
        pods = await RunningPodsAsync(api, 3);
        await api.MergePatchAsync($"{Deployments}/sleeper", """{"spec":{"replicas":1}}""");
        var remaining = (await RunningPodsAsync(api, 1)).Single();
        foreach (var gone in pods.Where(p => Name(p) != Name(remaining)))
        {
            await Eventually.HoldsAsync("a scaled-down pod's process stops", () => Task.FromResult<bool?>(Posix.IsAlive(Pid(gone))), alive => alive == false, diagnostics: Logs);
        }

        // Step 6: stop everything, start it again: nothing is lost and the running process is adopted, not restarted.
        var survivorPid = Pid(remaining);
        var survivorRestarts = ContainerStatus(remaining)["restartCount"]!.GetValue<int>();
        await _agent!.StopAsync();
        await _server!.StopAsync();
        await _azurite.StopAsync();
        Assert.True(Posix.IsAlive(survivorPid), "the workload must outlive the agent");
        await _azurite.StartAsync();
        await StartServerAsync();
        StartAgent(joinToken: null);
        Assert.NotNull(await api.GetAsync($"{Deployments}/sleeper"));
        await Eventually.HoldsAsync("the node is Ready again after the restart", () => api.GetAsync($"/api/v1/nodes/{NodeName}"),
            n => Condition(n, "Ready") == "True" && DateTimeOffset.Parse(ReadyCondition(n)!["lastHeartbeatTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddSeconds(-15), diagnostics: Logs);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var afterRestart = (await RunningPodsAsync(api, 1)).Single();
        Assert.Equal(Name(remaining), Name(afterRestart));
        Assert.Equal(survivorPid, Pid(afterRestart));
        Assert.Equal(survivorRestarts, ContainerStatus(afterRestart)["restartCount"]!.GetValue<int>());
        Assert.Single(WorkloadPids(), pid => Posix.IsAlive(pid));

        // Deleting the Deployment removes its ReplicaSet, its pods and their processes.
        await api.DeleteAsync($"{Deployments}/sleeper");
        await Eventually.HoldsAsync("the ReplicaSet is removed", () => api.ListAsync("/apis/apps/v1/namespaces/default/replicasets"), items => items!.Count == 0, diagnostics: Logs);
        await Eventually.HoldsAsync("the pods are removed", () => api.ListAsync(Pods), items => items!.Count == 0, diagnostics: Logs);
        await Eventually.HoldsAsync("the process stops", () => Task.FromResult<bool?>(Posix.IsAlive(survivorPid)), alive => alive == false, diagnostics: Logs);
    }

    private async Task StartServerAsync()
    {
        _server = ChildProcess.StartDotnet(BuiltProgram.PathOf("Orchestrator.Server", "orch-server.dll"), [], new Dictionary<string, string>
        {
            ["ORCH_URL"] = _url,
            ["ORCH_STORAGE_CONNECTION"] = _azurite.ConnectionString,
            ["ORCH_CONFIG"] = Path.Combine(_work, "config.json"),
        });
        using var http = new HttpClient();
        await Eventually.HoldsAsync("the server answers /healthz", async () => (await http.GetAsync($"{_url}/healthz")).IsSuccessStatusCode ? (bool?)true : false, ok => ok == true, diagnostics: Logs);
    }

    private void StartAgent(string? joinToken)
    {
        List<string> args = ["--server", _url, "--state-dir", AgentState, "--node-name", NodeName];
        if (joinToken is not null)
        {
            args.AddRange(["--join-token", joinToken]);
        }

        _agent = ChildProcess.StartDotnet(BuiltProgram.PathOf("Orchestrator.Agent", "orch-agent.dll"), args, new Dictionary<string, string>
        {
            // Ready within a second of starting, not at the next 30 s resync.
            ["Agent__ResyncInterval"] = "00:00:05",
        });
    }

    private string AgentState => Path.Combine(_work, "agent");

    private async Task<List<JsonObject>> RunningPodsAsync(ControlPlaneClient api, int count, Func<JsonObject, bool>? also = null)
    {
        var items = await Eventually.HoldsAsync($"{count} pods Running and Ready", () => api.ListAsync(Pods),
            items => items!.Count == count && items.All(p => Running((JsonObject)p!) && (also is null || also((JsonObject)p!))), diagnostics: Logs);
        return [.. items.Select(p => (JsonObject)p!)];
    }

    private IEnumerable<int> WorkloadPids()
    {
        var records = Path.Combine(AgentState, "containers");
        if (!Directory.Exists(records))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(records, "*.json"))
        {
            if (JsonNode.Parse(File.ReadAllText(file))?["pid"]?.GetValue<int>() is int pid)
            {
                yield return pid;
            }
        }
    }

    private string Logs() => $"--- server ---\n{Tail(_server?.Output)}\n--- agent ---\n{Tail(_agent?.Output)}";

    private static string Tail(string? text) => text is null ? "" : text.Length > 6000 ? text[^6000..] : text;

    private string ReadConfigToken() => JsonNode.Parse(File.ReadAllText(Path.Combine(_work, "config.json")))!["token"]!.GetValue<string>();

    private static string DeploymentJson(int replicas) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "sleeper", "labels": { "app": "sleeper" } },
          "spec": {
            "replicas": {{replicas}},
            "selector": { "matchLabels": { "app": "sleeper" } },
            "template": {
              "metadata": { "labels": { "app": "sleeper" } },
              "spec": {
                "runtimeClassName": "process",
                "terminationGracePeriodSeconds": 2,
                "containers": [{
                  "name": "main",
                  "image": "busybox",
                  "command": ["sleep"],
                  "args": ["3600"],
                  "resources": { "requests": { "cpu": "50m", "memory": "16Mi" } }
                }]
              }
            }
          }
        }
        """;

    private static string Name(JsonNode pod) => pod["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject ContainerStatus(JsonNode pod) => pod["status"]!["containerStatuses"]![0]!.AsObject();

    private static int Pid(JsonNode pod) => int.Parse(ContainerStatus(pod)["containerID"]!.GetValue<string>()["process://".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static bool Running(JsonObject pod) =>
        pod["status"]?["phase"]?.GetValue<string>() == "Running" && Condition(pod, "Ready") == "True" &&
        pod["status"]?["containerStatuses"]?[0]?["containerID"] is not null;

    private static JsonNode? ReadyCondition(JsonNode? obj) =>
        obj?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");

    private static string? Condition(JsonNode? obj, string type) =>
        obj?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();
}
