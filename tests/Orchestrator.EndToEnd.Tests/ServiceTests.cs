using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Services end to end (ADR 0012) on three machines: three real agents, each in its own network namespace with its own
/// address, behind one standalone server. The workloads are busybox httpd host processes bound to their node's address;
/// the test stands where a user outside the cluster would, on the host, and reaches them through the NodePort on each
/// node's address, while client pods reach them by name through their node's proxy.
/// </summary>
[Collection(NamespacedNodes.Collection)]
public sealed class ServiceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Services = "/api/v1/namespaces/default/services";
    private const int Port = 8080;
    private static readonly string[] NodeNames = ["svc-a", "svc-b", "svc-c"];

    private readonly NetworkNamespaces _network = NetworkNamespaces.Create(NodeNames.Length);
    private LocalSystem? _system;

    private LocalSystem System => _system!;

    private string Www => Path.Combine(System.WorkDirectory, "www");

    public Task InitializeAsync()
    {
        _system = new LocalSystem(_network, NodeNames, WebWorkload.AgentEnvironment);
        return _system.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        _network.Dispose();
    }

    [Fact]
    public async Task NodePortService_ThreeReplicas_ReachedByNameAndNodePortSpreadOverReadyPodsOnly()
    {
        var api = System.Api;
        await api.PostAsync(Deployments, WebWorkload.Deployment("web", 3, "v1", Www, Port));
        var service = await api.PostAsync(Services, Service("web", "NodePort", port: 80, targetPort: "\"http\""));
        var clusterIP = service["spec"]!["clusterIP"]!.GetValue<string>();
        var nodePort = service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        output.WriteLine($"service web: clusterIP {clusterIP}, nodePort {nodePort}");
        var pods = await System.RunningPodsAsync(3);
        Assert.Equal(3, pods.Select(WebWorkload.NodeOf).Distinct().Count());
        var names = pods.Select(LocalSystem.Name).ToHashSet();
        var nodePorts = NodePortUris(nodePort);

        // From outside (the host), the NodePort answers on every node's address.
        using var http = WebWorkload.NewClient();
        foreach (var uri in nodePorts)
        {
            await Eventually.HoldsAsync($"the NodePort answers at {uri}", () => PageAsync(http, uri), page => page is not null && names.Contains(page.Split(' ')[0]),
                TimeSpan.FromSeconds(30), Diagnostics);
        }

        // From a pod on svc-a: by name (hosts entries) and by the Kubernetes environment variables.
        var results = Path.Combine(System.WorkDirectory, "client.log");
        await api.PostAsync(Pods, ClientPod.Pod("client", "svc-a",
        [
            ("name", "http://web/"),
            ("name.namespace", "http://web.default/"),
            ("fqdn", "http://web.default.svc.cluster.local/"),
            ("env", "http://$WEB_SERVICE_HOST:$WEB_SERVICE_PORT/"),
        ], results));
        foreach (var label in new[] { "name", "name.namespace", "fqdn", "env" })
        {
            await Eventually.HoldsAsync($"the client pod reaches the service ({label})", () => Task.FromResult<IReadOnlyList<string>?>(ClientPod.Pages(results, label)),
                got => got!.Any(p => names.Contains(p.Split(' ')[0])), TimeSpan.FromSeconds(30), () => string.Join('\n', ClientPod.Lines(results).TakeLast(20)) + "\n" + Diagnostics());
        }

        // Each agent wrote its managed block into its own namespace's /etc/hosts (ip netns exec mounts
        // /etc/netns/<ns>/hosts there), never into the machine's.
        foreach (var ns in _network.Namespaces)
        {
            Assert.Contains($"{clusterIP} ", File.ReadAllText($"/etc/netns/{ns.Name}/hosts"), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("web.default", File.ReadAllText("/etc/hosts"), StringComparison.Ordinal);

        var client = await api.GetAsync($"{Pods}/client");
        var environment = File.ReadAllText($"/proc/{Pid(client!)}/environ").Split('\0');
        Assert.Contains($"WEB_SERVICE_HOST={clusterIP}", environment);
        Assert.Contains("WEB_SERVICE_PORT=80", environment);

        // Round robin over the NodePorts of all three nodes: every replica answers.
        var spread = await RequestsAsync(http, nodePorts, 60);
        output.WriteLine("60 requests: " + string.Join(", ", spread.GroupBy(p => p).Select(g => $"{g.Key} ×{g.Count()}")));
        Assert.All(spread, page => Assert.NotNull(page));
        Assert.Equal(names.Order(), spread.Select(p => p!.Split(' ')[0]).Distinct().Order());

        // A pod turns unready (its page is gone, so its httpGet readiness probe fails): it gets no more traffic.
        var victim = LocalSystem.Name(pods[0]);
        File.Delete(Path.Combine(Www, victim, "index.html"));
        await Eventually.HoldsAsync($"{victim} turns unready", () => api.GetAsync($"{Pods}/{victim}"), p => Condition(p, "Ready") == "False", TimeSpan.FromSeconds(30), Diagnostics);
        await Eventually.HoldsAsync($"the proxies stop sending traffic to {victim}", () => RequestsAsync(http, nodePorts, 15).ContinueWith(t => (IReadOnlyList<string?>?)t.Result, TaskScheduler.Default),
            pages => pages!.All(p => p is not null && !p.StartsWith(victim + " ", StringComparison.Ordinal)), TimeSpan.FromSeconds(15), Diagnostics);
        var after = await RequestsAsync(http, nodePorts, 60);
        output.WriteLine($"60 requests with {victim} unready: " + string.Join(", ", after.GroupBy(p => p).Select(g => $"{g.Key ?? "(failed)"} ×{g.Count()}")));
        Assert.All(after, page => Assert.NotNull(page));
        Assert.Equal(names.Where(n => n != victim).Order(), after.Select(p => p!.Split(' ')[0]).Distinct().Order());
    }

    [Fact]
    public async Task RollingUpdate_BehindNodePortUnderSteadyLoad_FailsNoRequest()
    {
        const int Replicas = 2;
        var api = System.Api;

        // As a Kubernetes user sets it for zero downtime: one surge pod on the spare node, none unavailable, and a
        // preStop sleep so that every proxy has dropped a terminating pod before it gets SIGTERM.
        await api.PostAsync(Deployments, WebWorkload.Deployment("web", Replicas, "v1", Www, Port, maxSurge: 1, maxUnavailable: 0, terminationGracePeriodSeconds: 15, preStopSleepSeconds: 5));
        var service = await api.PostAsync(Services, Service("web", "NodePort", port: 80, targetPort: Port.ToString(CultureInfo.InvariantCulture)));
        var nodePort = service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        var before = await System.RunningPodsAsync(Replicas);
        var oldHash = before.Select(WebWorkload.TemplateHash).Distinct().Single();
        var nodePorts = NodePortUris(nodePort);
        using (var http = WebWorkload.NewClient())
        {
            foreach (var uri in nodePorts)
            {
                await Eventually.HoldsAsync($"the NodePort answers at {uri}", () => PageAsync(http, uri), page => page is not null, TimeSpan.FromSeconds(30), Diagnostics);
            }
        }

        await using var load = new LoadGenerator(nodePorts, workers: 12, requestsPerSecond: 300);
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(3));

        var template = JsonNode.Parse(WebWorkload.Deployment("web", Replicas, "v2", Www, Port, terminationGracePeriodSeconds: 15, preStopSleepSeconds: 5))!["spec"]!["template"]!;
        await api.MergePatchAsync($"{Deployments}/web", new JsonObject { ["spec"] = new JsonObject { ["template"] = template.DeepClone() } }.ToJsonString());

        // Until the rollout completes and the old pods are gone: when each old pod was seen terminating, and when its
        // process ended (it must live through its preStop sleep, serving, before it gets SIGTERM).
        var terminating = new Dictionary<string, DateTimeOffset>();
        var ended = new Dictionary<string, DateTimeOffset>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (true)
        {
            var items = (await api.ListAsync(Pods))!.Select(p => (JsonObject)p!).ToList();
            var now = DateTimeOffset.UtcNow;
            foreach (var old in before)
            {
                var name = LocalSystem.Name(old);
                if (!terminating.ContainsKey(name) && items.FirstOrDefault(p => LocalSystem.Name(p) == name) is { } listed && listed["metadata"]?["deletionTimestamp"] is not null)
                {
                    terminating[name] = now;
                }

                if (!ended.ContainsKey(name) && !Posix.IsAlive(Pid(old)))
                {
                    ended[name] = now;
                }
            }

            if (items.Count == Replicas && items.All(p => Running(p) && WebWorkload.TemplateHash(p) != oldHash) && ended.Count == before.Count)
            {
                break;
            }

            Assert.True(now < deadline, $"the rollout did not complete in time: {string.Join(", ", items.Select(p => $"{LocalSystem.Name(p)} {p["status"]?["phase"]}"))}\n{Diagnostics()}");
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var totals = await load.StopAsync();

        output.WriteLine($"rolling update under load: {totals}");
        foreach (var (name, at) in terminating)
        {
            output.WriteLine($"{name}: terminating at {at:HH:mm:ss.f}, process ended at {ended.GetValueOrDefault(name):HH:mm:ss.f} ({(ended.GetValueOrDefault(name) - at).TotalSeconds:F1} s later; preStop sleeps 5 s)");
        }

        Assert.True(totals.Failed == 0, $"{totals.Failed} of {totals.Requests} requests failed during the rollout; first failures:\n{string.Join('\n', totals.FirstFailures)}\n{Diagnostics()}");
        Assert.True(totals.RequestsPerSecond >= 150, $"the load was too light to prove anything: {totals}");
        Assert.Contains(totals.Pages.Keys, page => page.EndsWith(" v1", StringComparison.Ordinal));
        Assert.Contains(totals.Pages.Keys, page => page.EndsWith(" v2", StringComparison.Ordinal));
        Assert.All(before, old => Assert.True(
            terminating.TryGetValue(LocalSystem.Name(old), out var at) && ended[LocalSystem.Name(old)] - at >= TimeSpan.FromSeconds(4),
            $"{LocalSystem.Name(old)} got SIGTERM before its 5 s preStop sleep was over (terminating at {terminating.GetValueOrDefault(LocalSystem.Name(old)):HH:mm:ss.f}, ended at {ended[LocalSystem.Name(old)]:HH:mm:ss.f})"));
    }

    [Fact]
    public async Task Guestbook_ShapeWithLocalImages_FrontendAnswersThroughItsNodePortAndReachesRedisByName()
    {
        var api = System.Api;
        Guestbook.WriteContent(Www);

        // The guestbook's Services as published (../shared/k8s-manifests/guestbook), and its Deployments with what runs here.
        foreach (var service in Guestbook.Services)
        {
            await api.PostAsync(Services, service);
        }

        foreach (var deployment in Guestbook.Deployments(Www))
        {
            await api.PostAsync(Deployments, deployment);
        }

        var frontend = await api.GetAsync($"{Services}/frontend");
        var nodePort = frontend!["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        await System.RunningPodsAsync(6);
        using var http = WebWorkload.NewClient();
        foreach (var node in _network.Namespaces)
        {
            var page = await Eventually.HoldsAsync($"the frontend answers at {node.Address}:{nodePort}", () => PageAsync(http, new Uri($"http://{node.Address}:{nodePort}/cgi-bin/page")),
                p => p?.StartsWith("guestbook frontend-", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30), Diagnostics);
            output.WriteLine($"{node.Address}:{nodePort} -> {page}");
            var master = await Eventually.HoldsAsync($"the frontend reaches redis-master by name through {node.Address}:{nodePort}", () => PageAsync(http, new Uri($"http://{node.Address}:{nodePort}/cgi-bin/master")),
                p => p?.Contains("redis redis-master-", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30), Diagnostics);
            var replica = await Eventually.HoldsAsync($"the frontend reaches redis-replica by name through {node.Address}:{nodePort}", () => PageAsync(http, new Uri($"http://{node.Address}:{nodePort}/cgi-bin/replica")),
                p => p?.Contains("redis redis-replica-", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30), Diagnostics);
            output.WriteLine($"  master: {master}; replica: {replica}");
        }

        // The three frontends share the load.
        var pages = await RequestsAsync(http, [.. NodePortUris(nodePort).Select(u => new Uri(u, "/cgi-bin/page"))], 30);
        output.WriteLine("30 requests: " + string.Join(", ", pages.GroupBy(p => p).Select(g => $"{g.Key ?? "(failed)"} ×{g.Count()}")));
        Assert.All(pages, page => Assert.NotNull(page));
        Assert.Equal(3, pages.Distinct().Count());
    }

    private static string Service(string name, string type, int port, string targetPort) => $$"""
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "type": "{{type}}",
            "selector": { "app": "{{name}}" },
            "ports": [{ "name": "http", "port": {{port}}, "targetPort": {{targetPort}}, "protocol": "TCP" }]
          }
        }
        """;

    private List<Uri> NodePortUris(int nodePort) => [.. _network.Namespaces.Select(ns => new Uri($"http://{ns.Address}:{nodePort}/"))];

    /// <summary>The page at <paramref name="uri"/> (trimmed), or null when it does not answer 2xx.</summary>
    private static async Task<string?> PageAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri);
            return response.IsSuccessStatusCode ? (await response.Content.ReadAsStringAsync()).Trim() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary><paramref name="count"/> requests, one after the other, round robin over <paramref name="uris"/>.</summary>
    private static async Task<IReadOnlyList<string?>> RequestsAsync(HttpClient http, IReadOnlyList<Uri> uris, int count)
    {
        var pages = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            pages.Add(await PageAsync(http, uris[i % uris.Count]));
        }

        return pages;
    }

    private string Diagnostics()
    {
        var slices = "";
        try
        {
            slices = System.Api.GetAsync("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices").GetAwaiter().GetResult()?.ToJsonString() ?? "(none)";
        }
        catch (HttpRequestException e)
        {
            slices = e.Message;
        }

        return $"--- endpointslices ---\n{slices}\n{System.Logs()}";
    }
}
