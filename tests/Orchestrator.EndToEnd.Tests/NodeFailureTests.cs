using System.Text.Json.Nodes;
using System.Diagnostics;
using Orchestrator.Testing;
using Xunit.Abstractions;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// A node that dies and comes back, with four real agents on loopback addresses: its HTTP pod is evicted once the pod's
/// toleration of the unreachable taint runs out and is replaced on the spare node; when its agent returns, the evicted
/// copy is stopped and finalized and nothing else restarts.
/// </summary>
[Collection(LoopbackNodes.Collection)]
public sealed class NodeFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Replicas = 3;
    private const string Name = "web";

    private readonly int _port = FreePort.Next();

    private readonly LocalSystem _system = new(
        [
            ("fail-a", "127.0.0.6"),
            ("fail-b", "127.0.0.7"),
            ("fail-c", "127.0.0.8"),
            ("fail-d", "127.0.0.9"),
        ],
        WebWorkload.AgentEnvironment,
        serverEnvironment: new Dictionary<string, string>
        {
            // A node is unreachable after 6 s without a lease renewal (the agents renew every 2 s), checked every second.
            ["Orchestrator__Loops__NodeGracePeriod"] = "00:00:06",
            ["Orchestrator__Loops__NodeMonitorPeriod"] = "00:00:01",
        });

    public Task InitializeAsync() => _system.StartAsync();

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task AgentKilled_PodsReplacedOnOtherNodes_AndOnReturnTheReplacedCopyStopsAndNothingElseRestarts()
    {
        var api = _system.Api;
        await api.PostAsync(Deployments, WebWorkload.Deployment(Name, Replicas, "v1", Path.Combine(_system.WorkDirectory, "www"), _port, tolerationSeconds: 2));
        var pods = await _system.RunningPodsAsync(Replicas);
        var victim = pods[0];
        var failed = _system.Nodes.Single(n => n.Name == WebWorkload.NodeOf(victim));
        var spare = _system.Nodes.Single(n => pods.All(p => WebWorkload.NodeOf(p) != n.Name));
        var victimPid = Pid(victim);

        // The agent dies outright; its workload keeps running (nothing is left to stop it).
        await failed.KillAsync();
        var clock = Stopwatch.StartNew();
        await Eventually.HoldsAsync($"the node {failed.Name} turns Ready=Unknown and is tainted unreachable", () => api.GetAsync($"/api/v1/nodes/{failed.Name}"),
            n => Condition(n, "Ready") == "Unknown" &&
                 n!["spec"]?["taints"]?.AsArray().Any(t => t?["key"]?.GetValue<string>() == "node.kubernetes.io/unreachable" && t["effect"]?.GetValue<string>() == "NoExecute") == true,
            TimeSpan.FromSeconds(30), _system.Logs);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {failed.Name} is Ready=Unknown and tainted unreachable");

        // Its pod is evicted (terminating: not ready, still listed until its node confirms) and replaced on the spare node.
        await Eventually.HoldsAsync("the pod on the lost node is marked for deletion and not ready", () => api.GetAsync($"{Pods}/{LocalSystem.Name(victim)}"),
            p => p?["metadata"]?["deletionTimestamp"] is not null && Condition(p, "Ready") != "True", TimeSpan.FromSeconds(30), _system.Logs);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {LocalSystem.Name(victim)} is terminating");
        var serving = await Eventually.HoldsAsync("a replacement is Ready on the spare node", () => api.ListAsync(Pods),
            items => items!.Select(p => p!).Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList() is var live &&
                     live.Count == Replicas && live.All(p => Running((JsonObject)p)) && live.Any(p => WebWorkload.NodeOf(p) == spare.Name),
            TimeSpan.FromSeconds(60), _system.Logs);
        var survivors = serving!.Select(p => (JsonObject)p!).Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        Assert.DoesNotContain(survivors, p => WebWorkload.NodeOf(p) == failed.Name);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: a replacement is Ready on {spare.Name}");
        using (var http = WebWorkload.NewClient())
        {
            foreach (var pod in survivors)
            {
                Assert.True(await WebWorkload.AnswersAsync(http, pod), $"{LocalSystem.Name(pod)} on {WebWorkload.NodeOf(pod)} answers");
            }
        }

        Assert.True(Posix.IsAlive(victimPid), "a disconnected node's workload keeps running until its agent can stop it");

        // The agent comes back with its state: the replaced copy is stopped and finalized, nothing else restarts.
        var restartedAt = DateTimeOffset.UtcNow;
        failed.Start();
        await _system.WaitForNodeReadyAsync(failed.Name, restartedAt);
        await Eventually.HoldsAsync("the replaced pod is finalized and gone from the API", () => api.GetAsync($"{Pods}/{LocalSystem.Name(victim)}"),
            p => p is null, TimeSpan.FromSeconds(30), _system.Logs);
        await Eventually.HoldsAsync("the replaced copy's process is stopped", () => Task.FromResult<bool?>(Posix.IsAlive(victimPid)), alive => alive == false,
            TimeSpan.FromSeconds(30), _system.Logs);
        output.WriteLine($"{(DateTimeOffset.UtcNow - restartedAt).TotalSeconds:F1} s after its agent restarted: {LocalSystem.Name(victim)} is finalized and its process stopped");

        // Long enough for a resync of every agent (5 s) to have restarted anything it was going to restart.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var after = await _system.RunningPodsAsync(Replicas);
        foreach (var pod in survivors)
        {
            var same = after.SingleOrDefault(p => WebWorkload.Uid(p) == WebWorkload.Uid(pod));
            Assert.True(same is not null, $"{LocalSystem.Name(pod)} is still there with its uid");
            Assert.Equal(WebWorkload.NodeOf(pod), WebWorkload.NodeOf(same));
            Assert.Equal(RestartCount(pod), RestartCount(same));
            Assert.Equal(Pid(pod), Pid(same));
            Assert.True(Posix.IsAlive(Pid(same)), $"{LocalSystem.Name(pod)}'s process still runs");
        }

        Assert.Equal(Replicas, _system.WorkloadPids().Count(Posix.IsAlive));
    }
}
