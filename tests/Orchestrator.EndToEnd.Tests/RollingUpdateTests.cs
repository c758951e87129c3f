using System.Text.Json.Nodes;
using Orchestrator.Testing;
using Xunit.Abstractions;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Zero-downtime rolling updates as a user behind a load balancer sees them: four real agents on loopback addresses,
/// an HTTP workload of three replicas, and a template change rolled out while every Ready pod is asked for its page
/// every 100 ms.
/// </summary>
[Collection(LoopbackNodes.Collection)]
public sealed class RollingUpdateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Replicas = 3;
    private const string Name = "web";

    private readonly int _port = FreePort.Next();

    private readonly LocalSystem _system = new(
    [
        ("roll-a", "127.0.0.2"),
        ("roll-b", "127.0.0.3"),
        ("roll-c", "127.0.0.4"),
        ("roll-d", "127.0.0.5"),
    ], WebWorkload.AgentEnvironment);

    public Task InitializeAsync() => _system.StartAsync();

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task RollingUpdate_HttpWorkloadSampledContinuously_ServesWithinSurgeAndUnavailableBoundsAndCompletes()
    {
        var api = _system.Api;
        var www = Path.Combine(_system.WorkDirectory, "www");
        await api.PostAsync(Deployments, WebWorkload.Deployment(Name, Replicas, "v1", www, _port, maxSurge: 1, maxUnavailable: 0));
        var first = await _system.RunningPodsAsync(Replicas);
        Assert.Equal(Replicas, first.Select(WebWorkload.NodeOf).Distinct().Count());
        using (var http = WebWorkload.NewClient())
        {
            foreach (var pod in first)
            {
                Assert.Equal($"{LocalSystem.Name(pod)} v1", await WebWorkload.PageAsync(http, pod));
            }
        }

        // maxSurge 1, maxUnavailable 0: never fewer than 3 serving, never more than 4.
        await RollOutAsync("v2", minServing: Replicas, maxServing: Replicas + 1, first);

        // maxSurge 0, maxUnavailable 1: never fewer than 2 serving, never more than 3.
        var second = await _system.RunningPodsAsync(Replicas);
        await api.MergePatchAsync($"{Deployments}/{Name}", """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}}""");
        var unchanged = await WaitForRolloutAsync(oldHash: null);
        Assert.Equal(second.Select(WebWorkload.Uid).Order(), unchanged.Select(WebWorkload.Uid).Order());
        await RollOutAsync("v3", minServing: Replicas - 1, maxServing: Replicas, second);
    }

    /// <summary>Changes the template's VERSION, samples until the rollout is complete, and checks every sample.</summary>
    private async Task RollOutAsync(string version, int minServing, int maxServing, List<JsonObject> before)
    {
        var api = _system.Api;
        var oldHash = before.Select(WebWorkload.TemplateHash).Distinct().Single()!;
        await using var sampler = new ServingSampler(api);
        sampler.Start();
        await Task.Delay(ServingSampler.Interval * 5);

        // A merge patch replaces lists whole: the new template is sent complete, only its VERSION differs.
        var template = JsonNode.Parse(WebWorkload.Deployment(Name, Replicas, version, Path.Combine(_system.WorkDirectory, "www"), _port))!["spec"]!["template"]!;
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = template.DeepClone() } }.ToJsonString();
        await api.MergePatchAsync($"{Deployments}/{Name}", patch);
        var after = await WaitForRolloutAsync(oldHash);

        // A few more samples of the finished state.
        await Task.Delay(ServingSampler.Interval * 5);
        var samples = await sampler.StopAsync();

        Assert.True(samples.Count >= 20, $"too few samples ({samples.Count}, {sampler.Inconclusive} inconclusive, {sampler.Errors} errors) to judge the rollout");
        output.WriteLine($"rollout to {version}: {samples.Count} samples ({sampler.Inconclusive} inconclusive, {sampler.Errors} API errors), " +
            $"answering {samples.Min(s => s.Answering)}..{samples.Max(s => s.Answering)}, ready {samples.Min(s => s.Ready)}..{samples.Max(s => s.Ready)}");
        var tooFew = samples.Where(s => s.Answering < minServing).ToList();
        Assert.True(tooFew.Count == 0, $"fewer than {minServing} Ready pods answered during the rollout to {version}:\n{string.Join('\n', tooFew.Take(10))}\n{_system.Logs()}");
        var tooMany = samples.Where(s => s.Ready > maxServing || s.Answering > maxServing).ToList();
        Assert.True(tooMany.Count == 0, $"more than {maxServing} pods were Ready during the rollout to {version}:\n{string.Join('\n', tooMany.Take(10))}");

        // Every pod is from the new template, serves the new page, and the old pods' processes are gone.
        using var http = WebWorkload.NewClient();
        foreach (var pod in after)
        {
            Assert.Equal($"{LocalSystem.Name(pod)} {version}", await WebWorkload.PageAsync(http, pod));
        }

        foreach (var old in before)
        {
            await Eventually.HoldsAsync($"the old pod {LocalSystem.Name(old)}'s process stops", () => Task.FromResult<bool?>(Posix.IsAlive(Pid(old))), alive => alive == false, diagnostics: _system.Logs);
        }
    }

    /// <summary>Waits until the Deployment reports a complete rollout (away from <paramref name="oldHash"/> when given) and returns its pods.</summary>
    private async Task<List<JsonObject>> WaitForRolloutAsync(string? oldHash)
    {
        var api = _system.Api;
        await Eventually.HoldsAsync("the Deployment reports the rollout complete", () => api.GetAsync($"{Deployments}/{Name}"),
            d => d is not null &&
                 d["status"]?["observedGeneration"]?.GetValue<long>() == d["metadata"]!["generation"]!.GetValue<long>() &&
                 Int(d, "replicas") == Replicas && Int(d, "updatedReplicas") == Replicas &&
                 Int(d, "readyReplicas") == Replicas && Int(d, "availableReplicas") == Replicas &&
                 Condition(d, "Available") == "True",
            TimeSpan.FromSeconds(90), _system.Logs);
        var pods = await _system.RunningPodsAsync(Replicas, p => WebWorkload.TemplateHash(p) is { } hash && hash != oldHash);
        Assert.Single(pods.Select(WebWorkload.TemplateHash).Distinct());
        Assert.Equal(Replicas, pods.Select(WebWorkload.NodeOf).Distinct().Count());
        return pods;

        static int? Int(JsonNode d, string field) => d["status"]?[field]?.GetValue<int>();
    }
}
