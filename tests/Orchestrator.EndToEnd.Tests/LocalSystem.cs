using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Everything <c>scripts/run</c> starts, started the same way for a test: the standalone server on its SQLite file and
/// real agent processes, each stoppable and restartable, plus the API client a user would have.
/// </summary>
internal sealed class LocalSystem : IAsyncDisposable
{
    public const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    public const string Pods = "/api/v1/namespaces/default/pods";

    private readonly string _work = Directory.CreateTempSubdirectory("orch-e2e-").FullName;
    private readonly IReadOnlyDictionary<string, string> _serverEnvironment;
    private ControlPlaneClient? _api;
    private bool _disposed;

    /// <param name="nodeName">The agent's node name.</param>
    /// <param name="agentEnvironment">Extra agent settings, as environment variables (<c>Agent__Docker__Endpoint</c>).</param>
    public LocalSystem(string nodeName = "e2e-node", IReadOnlyDictionary<string, string>? agentEnvironment = null)
        : this([(nodeName, "127.0.0.1")], agentEnvironment)
    {
    }

    /// <param name="nodes">One agent per entry: its node name and its loopback address (127.0.0.2 ...).</param>
    /// <param name="agentEnvironment">Extra settings of every agent, as environment variables.</param>
    /// <param name="serverEnvironment">Extra server settings, as environment variables (<c>Orchestrator__Loops__NodeGracePeriod</c>).</param>
    public LocalSystem(
        IReadOnlyList<(string Name, string Address)> nodes,
        IReadOnlyDictionary<string, string>? agentEnvironment = null,
        IReadOnlyDictionary<string, string>? serverEnvironment = null)
        : this([.. nodes.Select(n => (n.Name, n.Address, (IReadOnlyList<string>?)null))], "127.0.0.1", agentEnvironment, serverEnvironment)
    {
    }

    /// <summary>
    /// One agent per namespace of <paramref name="network"/>, run inside it with the namespace's address as its node
    /// address and the namespace's own <c>/etc/hosts</c> as its managed hosts file; the server listens on the bridge
    /// address, where the agents reach it.
    /// </summary>
    /// <param name="network">The namespaces, one per node name.</param>
    /// <param name="nodeNames">The agents' node names.</param>
    /// <param name="agentEnvironment">Extra settings of every agent, as environment variables.</param>
    /// <param name="serverEnvironment">Extra server settings, as environment variables.</param>
    public LocalSystem(
        NetworkNamespaces network,
        IReadOnlyList<string> nodeNames,
        IReadOnlyDictionary<string, string>? agentEnvironment = null,
        IReadOnlyDictionary<string, string>? serverEnvironment = null)
        : this(
            [.. nodeNames.Select((name, i) => (name, network.Namespaces[i].Address, (IReadOnlyList<string>?)network.Namespaces[i].Launcher))],
            network.BridgeAddress,
            new Dictionary<string, string>(agentEnvironment ?? new Dictionary<string, string>())
            {
                // Inside the agent's mount namespace /etc/hosts is /etc/netns/<ns>/hosts (ip netns exec mounts it there).
                ["Agent__Services__HostsFile"] = "/etc/hosts",
            },
            serverEnvironment)
    {
    }

    private LocalSystem(
        IReadOnlyList<(string Name, string Address, IReadOnlyList<string>? Launcher)> nodes,
        string listenAddress,
        IReadOnlyDictionary<string, string>? agentEnvironment,
        IReadOnlyDictionary<string, string>? serverEnvironment)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count);
        Url = $"http://{listenAddress}:{FreePort.Next()}";
        _serverEnvironment = serverEnvironment ?? new Dictionary<string, string>();
        var environment = agentEnvironment ?? new Dictionary<string, string>();
        Nodes = nodes.Count == 1
            ? [new AgentNode(nodes[0].Name, nodes[0].Address, Path.Combine(_work, "agent"), Url, environment, nodes[0].Launcher)]
            : [.. nodes.Select(n => new AgentNode(n.Name, n.Address, Path.Combine(_work, "agent-" + n.Name), Url, environment, n.Launcher))];
    }

    /// <summary>The agents, in the order given.</summary>
    public IReadOnlyList<AgentNode> Nodes { get; }

    /// <summary>The first (with one node, the only) agent's node name.</summary>
    public string NodeName => Nodes[0].Name;

    /// <summary>The server's URL (on loopback, or on the bridge address of the agents' namespaces).</summary>
    public string Url { get; }

    public ChildProcess? Server { get; private set; }

    /// <summary>The first agent's process.</summary>
    public ChildProcess? Agent => Nodes[0].Process;

    public ControlPlaneClient Api => _api ??= new ControlPlaneClient(Url, JsonNode.Parse(File.ReadAllText(ConfigPath))!["token"]!.GetValue<string>());

    public string AgentState => Nodes[0].StateDirectory;

    /// <summary>A directory of the test's own, removed with the system (for workloads' files).</summary>
    public string WorkDirectory => _work;

    private string ConfigPath => Path.Combine(_work, "config.json");

    /// <summary>The server, a join token per agent and the joined agents, all Ready.</summary>
    public async Task StartAsync()
    {
        try
        {
            await StartServerAsync();
            foreach (var node in Nodes)
            {
                var joinToken = (await Api.PostAsync("/agent/v1/jointokens", "{}"))["token"]!.GetValue<string>();
                node.Start(joinToken);
            }

            foreach (var node in Nodes)
            {
                await WaitForNodeReadyAsync(node.Name, DateTimeOffset.MinValue);
            }
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
        var environment = new Dictionary<string, string>(_serverEnvironment)
        {
            ["ORCH_URL"] = Url,
            ["ORCH_DATABASE"] = Path.Combine(_work, "orchestrator.db"),
            ["ORCH_CONFIG"] = ConfigPath,
        };
        Server = ChildProcess.StartDotnet(BuiltProgram.PathOf("Orchestrator.Server", "orch-server.dll"), [], environment);
        using var http = new HttpClient();
        await Eventually.HoldsAsync("the server answers /healthz", async () => (await http.GetAsync($"{Url}/healthz")).IsSuccessStatusCode ? (bool?)true : false, ok => ok == true, diagnostics: Logs);
    }

    /// <summary>Starts the first agent; without a join token it uses the credential it stored when it joined.</summary>
    public void StartAgent(string? joinToken = null) => Nodes[0].Start(joinToken);

    /// <summary>Waits until the first node is Ready with a heartbeat after <paramref name="since"/>.</summary>
    public Task<JsonObject> WaitForNodeReadyAsync(DateTimeOffset since) => WaitForNodeReadyAsync(NodeName, since);

    /// <summary>Waits until the node is Ready with a heartbeat after <paramref name="since"/>.</summary>
    public Task<JsonObject> WaitForNodeReadyAsync(string nodeName, DateTimeOffset since) =>
        Eventually.HoldsAsync($"the node {nodeName} is Ready", () => Api.GetAsync($"/api/v1/nodes/{nodeName}"),
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

    /// <summary>The pids of the workloads the agents recorded (their container records).</summary>
    public IEnumerable<int> WorkloadPids() => Nodes.SelectMany(n => n.WorkloadPids());

    public string Logs() =>
        $"--- server ---\n{Tail(Server?.Output, 6000)}" +
        string.Concat(Nodes.Select(n => $"\n--- agent {n.Name} ---\n{Tail(n.Process?.Output, 6000 / Nodes.Count)}"));

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var node in Nodes)
        {
            if (node.Process is not null)
            {
                await node.Process.DisposeAsync();
            }
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        // Workloads outlive the agent by design; the test ends the ones its agents started.
        foreach (var pid in WorkloadPids())
        {
            Posix.Kill(pid, Posix.SigKill);
        }

        _api?.Dispose();
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

    private static string Tail(string? text, int length) => text is null ? "" : text.Length > length ? text[^length..] : text;
}
