using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Orchestrator.Server.Tests.Infrastructure;

namespace Orchestrator.Server.Tests;

/// <summary>
/// A node stops renewing its lease and comes back, on the standalone server over Azurite, with the node-lifecycle and
/// taint-eviction loops running on short periods (a 3 s grace instead of 40 s). The test plays both agents through
/// the agent routes with their node credentials, so it decides exactly when each node goes dark.
/// </summary>
public sealed class NodeFailureTests : IAsyncLifetime
{
    private const string Unreachable = "node.kubernetes.io/unreachable";

    private readonly List<HttpClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private WebApplicationFactory<Program>? _factory;
    private string _directory = "";
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("orch-node-failure-").FullName;
        var configPath = Path.Combine(_directory, ".orch", "config.json");
        _factory = new OrchestratorFactory(ServerFixture.Url, configPath, new Dictionary<string, string>()).WithWebHostBuilder(builder => builder
            .UseSetting("Orchestrator:Loops:NodeGracePeriod", "00:00:03")
            .UseSetting("Orchestrator:Loops:NodeMonitorPeriod", "00:00:00.200")
            .UseSetting("Orchestrator:Loops:TaintEvictionPeriod", "00:00:00.200"));
        _ = _factory.Server;
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!.AsObject();
        _admin = Client((string)config["token"]!);
    }

    [Fact]
    public async Task NodeStopsRenewingItsLease_ThenComesBack_EvictsOnlyPodsWhoseTolerationRanOutAndKeepsTheOthersUntouched()
    {
        // Node A runs two pods: one of a ReplicaSet that tolerates the node being unreachable for 2 s, and a bare pod
        // that tolerates it forever.
        var (nodeA, agentA) = await JoinAsync("node-a");
        var leaseA = RenewLeaseUntil(nodeA, agentA, out var darkA);
        await ReportReadyAsync(nodeA, agentA);
        var replicaSet = Manifests.UniqueName("web");
        await _admin.CreateAsync("/apis/apps/v1/namespaces/default/replicasets", ReplicaSet(replicaSet, tolerationSeconds: 2));
        var evicted = Assert.Single(await PodsAsync(replicaSet, pods => pods.Count == 1 && NodeOf(pods[0]) == nodeA));
        var keeper = Manifests.Pod(Manifests.UniqueName("keeper"), nodeA);
        keeper["spec"]!["tolerations"] = JsonNode.Parse($$"""[{"key":"{{Unreachable}}","operator":"Exists","effect":"NoExecute"}]""");
        keeper = await _admin.CreateAsync(Manifests.Pods, keeper);
        await ReportPodsReadyAsync(nodeA, agentA, evicted, keeper);
        var keeperBefore = await _admin.GetObjectAsync($"{Manifests.Pods}/{keeper.Name()}");

        // Node B joins and stays healthy.
        var (nodeB, agentB) = await JoinAsync("node-b");
        var leaseB = RenewLeaseUntil(nodeB, agentB, out _);
        await ReportReadyAsync(nodeB, agentB);

        // Node A goes dark.
        await darkA.CancelAsync();
        await leaseA;
        var node = await Eventually.MatchesAsync(
            () => _admin.GetObjectAsync($"/api/v1/nodes/{nodeA}"),
            n => ReadyOf(n) == "Unknown" && TaintsOf(n).Count == 2,
            "node A Ready=Unknown with the unreachable taints");
        Assert.Equal([$"{Unreachable}:NoExecute", $"{Unreachable}:NoSchedule"], TaintsOf(node).Order());
        Assert.All(node["spec"]!["taints"]!.AsArray(), t => Assert.NotNull((string?)t!["timeAdded"]));
        await Eventually.MatchesAsync(
            () => _admin.GetObjectAsync($"{Manifests.Pods}/{keeper.Name()}"),
            p => PodReadyOf(p) == "False",
            "the pods of node A marked not ready");

        // The ReplicaSet's pod is evicted once its 2 s run out, and replaced on node B.
        var replacement = await PodsAsync(replicaSet, pods => pods.Any(p => p.Uid() != evicted.Uid() && NodeOf(p) == nodeB), TimeSpan.FromSeconds(20));
        var old = replacement.Find(p => p.Uid() == evicted.Uid());
        Assert.True(old is null || old["metadata"]!["deletionTimestamp"] is not null, "the evicted pod is terminating or gone");
        Assert.Single(replacement, p => p["metadata"]!["deletionTimestamp"] is null);

        // Node A comes back: the taints go, and the pod that tolerated the outage is untouched. As its agent does, it
        // renews its lease before it reports Ready, so that the lifecycle loop cannot read the report with the old lease.
        await RenewOnceAsync(nodeA, agentA);
        leaseA = RenewLeaseUntil(nodeA, agentA, out _);
        await ReportReadyAsync(nodeA, agentA);
        node = await Eventually.MatchesAsync(
            () => _admin.GetObjectAsync($"/api/v1/nodes/{nodeA}"),
            n => ReadyOf(n) == "True" && TaintsOf(n).Count == 0,
            "node A Ready with its taints removed");
        var keeperAfter = await _admin.GetObjectAsync($"{Manifests.Pods}/{keeper.Name()}");
        Assert.Equal(keeperBefore.Uid(), keeperAfter.Uid());
        Assert.Null(keeperAfter["metadata"]!["deletionTimestamp"]);
        Assert.True(JsonNode.DeepEquals(keeperBefore["spec"], keeperAfter["spec"]), "the kept pod's spec did not change");
        Assert.Equal(keeperBefore.Generation(), keeperAfter.Generation());

        var events = await _admin.ListAsync("/api/v1/namespaces/default/events");
        Assert.Contains(events, e => (string?)e["reason"] == "NodeNotReady" && (string?)e["involvedObject"]!["name"] == nodeA);
        Assert.Contains(events, e => (string?)e["reason"] == "TaintManagerEviction" && (string?)e["message"] == $"Marking for deletion Pod default/{evicted.Name()}");
        Assert.DoesNotContain(events, e => (string?)e["reason"] == "TaintManagerEviction" && (string?)e["involvedObject"]!["name"] == keeper.Name());

        await _stop.CancelAsync();
        await Task.WhenAll(leaseA, leaseB);
    }

    private static JsonObject ReplicaSet(string name, int tolerationSeconds) => JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1",
          "kind": "ReplicaSet",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "replicas": 1,
            "selector": { "matchLabels": { "run": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "run": "{{name}}" } },
              "spec": {
                "runtimeClassName": "process",
                "tolerations": [ { "key": "{{Unreachable}}", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": {{tolerationSeconds}} } ],
                "containers": [ { "name": "main", "image": "busybox:1.36", "command": ["sleep", "3600"] } ]
              }
            }
          }
        }
        """)!.AsObject();

    private static string? NodeOf(JsonObject pod) => (string?)pod["spec"]?["nodeName"];

    private static string? ReadyOf(JsonObject node) =>
        node["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready")?["status"]?.ToString();

    private static string? PodReadyOf(JsonObject pod) =>
        pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready")?["status"]?.ToString();

    private static List<string> TaintsOf(JsonObject node) =>
        [.. (node["spec"]?["taints"]?.AsArray() ?? []).Select(t => $"{t!["key"]}:{t["effect"]}")];

    private Task<List<JsonObject>> PodsAsync(string replicaSet, Func<List<JsonObject>, bool> condition, TimeSpan? timeout = null) =>
        Eventually.MatchesAsync(() => _admin.ListAsync($"{Manifests.Pods}?labelSelector=run%3D{replicaSet}"), condition, $"the pods of {replicaSet}", timeout);

    private async Task<(string Node, HttpClient Agent)> JoinAsync(string prefix)
    {
        var joinToken = (string)(await (await _admin.PostJsonAsync("/agent/v1/jointokens", "{}")).ExpectAsync(HttpStatusCode.Created))["token"]!;
        var node = Manifests.UniqueName(prefix);
        var joined = await (await Client(joinToken).PostJsonAsync("/agent/v1/join", $$"""{"nodeName":"{{node}}"}""")).ExpectAsync(HttpStatusCode.Created);
        return (node, Client((string)joined["token"]!));
    }

    /// <summary>Renews the node's lease every 300 ms, as its agent would, until the test stops or the node goes dark.</summary>
    private Task RenewLeaseUntil(string node, HttpClient agent, out CancellationTokenSource dark)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        dark = source;
        return Task.Run(async () =>
        {
            while (!source.IsCancellationRequested)
            {
                await RenewOnceAsync(node, agent);
                await Task.Delay(TimeSpan.FromMilliseconds(300), source.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
    }

    private static async Task RenewOnceAsync(string node, HttpClient agent)
    {
        using var response = await agent.PutJsonAsync($"/agent/v1/nodes/{node}/lease", $$"""{"holderIdentity":"{{node}}","leaseDurationSeconds":3}""");
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task ReportReadyAsync(string node, HttpClient agent)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var status = $$$"""
            {"status":{
              "capacity":{"cpu":"4","memory":"8Gi","pods":"110"},
              "conditions":[{"type":"Ready","status":"True","reason":"AgentReady","lastHeartbeatTime":"{{{now}}}","lastTransitionTime":"{{{now}}}"}],
              "runtimeHandlers":[{"name":"process"}]
            }}
            """;
        await (await agent.PatchJsonAsync($"/api/v1/nodes/{node}/status", status)).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task ReportPodsReadyAsync(string node, HttpClient agent, params JsonObject[] pods)
    {
        var items = new JsonArray();
        foreach (var pod in pods)
        {
            items.Add(new JsonObject
            {
                ["namespace"] = "default",
                ["name"] = pod.Name(),
                ["uid"] = pod.Uid(),
                ["status"] = JsonNode.Parse("""
                    {"phase":"Running","conditions":[{"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"}]}
                    """),
            });
        }

        var result = await (await agent.PostJsonAsync($"/agent/v1/nodes/{node}/podstatus", new JsonObject { ["items"] = items })).ExpectAsync(HttpStatusCode.OK);
        Assert.All(result["results"]!.AsArray(), r => Assert.Equal(200, (int?)r!["code"]));
    }

    private HttpClient Client(string token)
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        return client;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _clients.ForEach(c => c.Dispose());
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _stop.Dispose();
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
