using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Everything <c>scripts/run</c> starts, started the same way for a test: a real Azurite, the standalone server and a
/// real agent process, each stoppable and restartable, plus the API client a user would have.
/// </summary>
internal sealed class LocalSystem : IAsyncDisposable
{
    public const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    public const string Pods = "/api/v1/namespaces/default/pods";

    private readonly string _work = Directory.CreateTempSubdirectory("orch-e2e-").FullName;
    private ControlPlaneClient? _api;
    private bool _disposed;

    private readonly IReadOnlyDictionary<string, string> _agentEnvironment;

    /// <param name="nodeName">The agent's node name.</param>
    /// <param name="agentEnvironment">Extra agent settings, as environment variables (<c>Agent__Docker__Endpoint</c>).</param>
    public LocalSystem(string nodeName = "e2e-node", IReadOnlyDictionary<string, string>? agentEnvironment = null)
    {
        NodeName = nodeName;
        _agentEnvironment = agentEnvironment ?? new Dictionary<string, string>();
    }

    public string NodeName { get; }

    public AzuriteFixture Azurite { get; } = new();

    public string Url { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public ChildProcess? Server { get; private set; }

    public ChildProcess? Agent { get; private set; }

    public ControlPlaneClient Api => _api ??= new ControlPlaneClient(Url, JsonNode.Parse(File.ReadAllText(ConfigPath))!["token"]!.GetValue<string>());

    public string AgentState => Path.Combine(_work, "agent");

    private string ConfigPath => Path.Combine(_work, "config.json");

    /// <summary>Azurite, the server, a join token and a joined agent.</summary>
    public async Task StartAsync()
    {
        try
        {
            await Azurite.InitializeAsync();
            await StartServerAsync();
            var joinToken = (await Api.PostAsync("/agent/v1/jointokens", "{}"))["token"]!.GetValue<string>();
            StartAgent(joinToken);
            await WaitForNodeReadyAsync(DateTimeOffset.MinValue);
        }
        catch
        {
            // A failed start must not leave the processes it started behind.
            await DisposeAsync();
            throw;
        }
    }

    public async Task StartServerAsync()
    {
        Server = ChildProcess.StartDotnet(BuiltProgram.PathOf("Orchestrator.Server", "orch-server.dll"), [], new Dictionary<string, string>
        {
            ["ORCH_URL"] = Url,
            ["ORCH_STORAGE_CONNECTION"] = Azurite.ConnectionString,
            ["ORCH_CONFIG"] = ConfigPath,
        });
        using var http = new HttpClient();
        await Eventually.HoldsAsync("the server answers /healthz", async () => (await http.GetAsync($"{Url}/healthz")).IsSuccessStatusCode ? (bool?)true : false, ok => ok == true, diagnostics: Logs);
    }

    /// <summary>Starts the agent; without a join token it uses the credential it stored when it joined.</summary>
    public void StartAgent(string? joinToken = null)
    {
        List<string> args = ["--server", Url, "--state-dir", AgentState, "--node-name", NodeName];
        if (joinToken is not null)
        {
            args.AddRange(["--join-token", joinToken]);
        }

        var environment = new Dictionary<string, string>(_agentEnvironment)
        {
            // Quicker than the defaults so that a test sees each step within seconds.
            ["Agent__ResyncInterval"] = "00:00:05",
            ["Agent__LeaseInterval"] = "00:00:02",

            // Pods (and probes) are addressed on loopback: tests send traffic nowhere else.
            ["Agent__NodeAddress"] = "127.0.0.1",
        };
        Agent = ChildProcess.StartDotnet(BuiltProgram.PathOf("Orchestrator.Agent", "orch-agent.dll"), args, environment);
    }

    /// <summary>Waits until the node is Ready with a heartbeat after <paramref name="since"/>.</summary>
    public Task<JsonObject> WaitForNodeReadyAsync(DateTimeOffset since) =>
        Eventually.HoldsAsync("the node is Ready", () => Api.GetAsync($"/api/v1/nodes/{NodeName}"),
            n => Condition(n, "Ready") == "True" && ReadyCondition(n)?["lastHeartbeatTime"] is JsonValue beat &&
                 DateTimeOffset.Parse(beat.GetValue<string>(), CultureInfo.InvariantCulture).AddSeconds(1) >= since,
            diagnostics: Logs);

    /// <summary>Waits until exactly <paramref name="count"/> pods are Running and Ready (and match <paramref name="also"/>).</summary>
    public async Task<List<JsonObject>> RunningPodsAsync(int count, Func<JsonObject, bool>? also = null)
    {
        var items = await Eventually.HoldsAsync($"{count} pods Running and Ready", () => Api.ListAsync(Pods),
            items => items!.Count == count && items.All(p => Running((JsonObject)p!) && (also is null || also((JsonObject)p!))), diagnostics: Logs);
        return [.. items.Select(p => (JsonObject)p!)];
    }

    /// <summary>The pids of the workloads the agent recorded (its container records).</summary>
    public IEnumerable<int> WorkloadPids()
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

    public string Logs() => $"--- server ---\n{Tail(Server?.Output)}\n--- agent ---\n{Tail(Agent?.Output)}";

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        // Workloads outlive the agent by design; the test ends the ones its agent started.
        foreach (var pid in WorkloadPids())
        {
            Posix.Kill(pid, Posix.SigKill);
        }

        _api?.Dispose();
        await Azurite.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>A Deployment of <paramref name="replicas"/> host processes running <c>sleep 3600</c>.</summary>
    public static string SleeperDeployment(string name, int replicas) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "{{name}}", "labels": { "app": "{{name}}" } },
          "spec": {
            "replicas": {{replicas}},
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
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

    public static string Name(JsonNode pod) => pod["metadata"]!["name"]!.GetValue<string>();

    public static JsonObject ContainerStatus(JsonNode pod) => pod["status"]!["containerStatuses"]![0]!.AsObject();

    public static int RestartCount(JsonNode pod) => ContainerStatus(pod)["restartCount"]!.GetValue<int>();

    public static int Pid(JsonNode pod) => int.Parse(ContainerStatus(pod)["containerID"]!.GetValue<string>()["process://".Length..], CultureInfo.InvariantCulture);

    public static bool Running(JsonObject pod) =>
        pod["status"]?["phase"]?.GetValue<string>() == "Running" && Condition(pod, "Ready") == "True" &&
        pod["status"]?["containerStatuses"]?[0]?["containerID"] is not null;

    public static JsonNode? ReadyCondition(JsonNode? obj) =>
        obj?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");

    public static string? Condition(JsonNode? obj, string type) =>
        obj?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    private static string Tail(string? text) => text is null ? "" : text.Length > 6000 ? text[^6000..] : text;
}
