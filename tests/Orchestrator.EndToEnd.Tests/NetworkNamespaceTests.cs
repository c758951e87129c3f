using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Three agents as three machines: each in its own network namespace with its own address on a bridge, joined to a
/// server the namespaces reach over that bridge; an HTTP pod on one node answers a client pod on another at its node's
/// address, and the test (the host) reaches every node.
/// </summary>
[Collection(NamespacedNodes.Collection)]
public sealed class NetworkNamespaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Replicas = 3;
    private const int Port = 8080;

    private readonly NetworkNamespaces _network = NetworkNamespaces.Create(3);
    private LocalSystem? _system;

    private LocalSystem System => _system!;

    public Task InitializeAsync()
    {
        _system = new LocalSystem(_network, ["ns-a", "ns-b", "ns-c"], WebWorkload.AgentEnvironment);
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
    public async Task AgentsInNamespaces_JoinAndRunPods_APodOnOneNodeReachesAPodOnAnotherByItsNodeAddress()
    {
        var api = System.Api;
        foreach (var (node, ns) in System.Nodes.Zip(_network.Namespaces))
        {
            var addresses = (await api.GetAsync($"/api/v1/nodes/{node.Name}"))!["status"]!["addresses"]!.AsArray();
            Assert.Contains(addresses, a => a!["type"]!.GetValue<string>() == "InternalIP" && a["address"]!.GetValue<string>() == ns.Address);
        }

        // The same port on every node: each namespace has its own, so one replica per node.
        await api.PostAsync(LocalSystem.Deployments, WebWorkload.Deployment("web", Replicas, "v1", Path.Combine(System.WorkDirectory, "www"), Port));
        var pods = await System.RunningPodsAsync(Replicas);
        Assert.Equal(Replicas, pods.Select(WebWorkload.NodeOf).Distinct().Count());
        using (var http = WebWorkload.NewClient())
        {
            foreach (var pod in pods)
            {
                var node = System.Nodes.Single(n => n.Name == WebWorkload.NodeOf(pod));
                Assert.Equal(node.Address, pod["status"]!["hostIP"]!.GetValue<string>());
                Assert.Equal($"{LocalSystem.Name(pod)} v1", await WebWorkload.PageAsync(http, pod));
            }
        }

        // A client on node A asks the pod on node B at B's address, across the bridge.
        var target = pods.Single(p => WebWorkload.NodeOf(p) == "ns-b");
        var results = Path.Combine(System.WorkDirectory, "client.log");
        await api.PostAsync(LocalSystem.Pods, ClientPod.Pod("client", "ns-a", [("b", $"http://{_network.Namespaces[1].Address}:{Port}/")], results));
        var pages = await Eventually.HoldsAsync("the client on ns-a gets the page of the pod on ns-b", () => Task.FromResult<IReadOnlyList<string>?>(ClientPod.Pages(results, "b")),
            p => p!.Count > 0, TimeSpan.FromSeconds(60), () => string.Join('\n', ClientPod.Lines(results)) + "\n" + System.Logs());
        Assert.Equal($"{LocalSystem.Name(target)} v1", pages[0]);

        // The client's own node is its namespace: the address of A, not of B, is local to it.
        var client = await api.GetAsync($"{LocalSystem.Pods}/client");
        Assert.Equal(_network.Namespaces[0].Address, client!["status"]!["hostIP"]!.GetValue<string>());
        output.WriteLine($"bridge {_network.Bridge} {_network.BridgeAddress}; namespaces {string.Join(", ", _network.Namespaces.Select(n => $"{n.Name} {n.Address}"))}");
    }
}
