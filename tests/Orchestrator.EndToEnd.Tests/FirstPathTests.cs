using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The whole path as a user walks it: the standalone server on its SQLite file and a real agent process; a
/// Deployment becomes host processes, which are restarted, replaced, scaled, survive a restart of everything and
/// are removed with the Deployment.
/// </summary>
public sealed class FirstPathTests : IAsyncLifetime
{
    private readonly LocalSystem _system = new();

    public Task InitializeAsync() => _system.StartAsync();

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task Deployment_OfProcessPods_RunsRestartsScalesSurvivesRestartAndIsRemoved()
    {
        var api = _system.Api;

        // Step 5: the node, Ready, with capacity, system info, runtime classes and a heartbeat.
        var node = await _system.WaitForNodeReadyAsync(DateTimeOffset.MinValue);
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
        await api.PostAsync(Deployments, SleeperDeployment("sleeper", replicas: 2));
        var pods = await _system.RunningPodsAsync(2);
        foreach (var pod in pods)
        {
            Assert.Equal(_system.NodeName, pod["spec"]!["nodeName"]!.GetValue<string>());
            Assert.Equal("True", Condition(pod, "Ready"));
            Assert.False(string.IsNullOrEmpty(pod["status"]!["hostIP"]?.GetValue<string>()));
            Assert.NotNull(pod["status"]!["startTime"]);
            Assert.Equal(0, RestartCount(pod));
            Assert.Contains("sleep", Posix.CommandLine(Pid(pod)), StringComparison.Ordinal);
        }

        // Step 4: a killed process is started again and its restartCount goes up.
        var victim = pods[0];
        var killedPid = Pid(victim);
        Posix.Kill(killedPid, Posix.SigKill);
        var restarted = await Eventually.HoldsAsync("the killed process is restarted", () => api.GetAsync($"{Pods}/{Name(victim)}"),
            p => p is not null && RestartCount(p) >= 1 && Running(p) && Pid(p) != killedPid, diagnostics: _system.Logs);
        Assert.True(Posix.IsAlive(Pid(restarted)));

        // A deleted pod is replaced; its process goes away.
        var deleted = pods[1];
        await api.DeleteAsync($"{Pods}/{Name(deleted)}");
        pods = await _system.RunningPodsAsync(2, p => Name(p) != Name(deleted));
        await Eventually.HoldsAsync("the deleted pod's process stops", () => Task.FromResult<bool?>(Posix.IsAlive(Pid(deleted))), alive => alive == false, diagnostics: _system.Logs);

        // Scaling up and down.
        await api.MergePatchAsync($"{Deployments}/sleeper", """{"spec":{"replicas":3}}""");
        pods = await _system.RunningPodsAsync(3);
        await api.MergePatchAsync($"{Deployments}/sleeper", """{"spec":{"replicas":1}}""");
        var remaining = (await _system.RunningPodsAsync(1)).Single();
        foreach (var gone in pods.Where(p => Name(p) != Name(remaining)))
        {
            await Eventually.HoldsAsync("a scaled-down pod's process stops", () => Task.FromResult<bool?>(Posix.IsAlive(Pid(gone))), alive => alive == false, diagnostics: _system.Logs);
        }

        // Step 6: stop everything, start it again: nothing is lost and the running process is adopted, not restarted.
        var survivorPid = Pid(remaining);
        var survivorRestarts = RestartCount(remaining);
        await _system.Agent!.StopAsync();
        await _system.Server!.StopAsync();
        Assert.True(Posix.IsAlive(survivorPid), "the workload must outlive the agent");
        await _system.StartServerAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        _system.StartAgent();
        Assert.NotNull(await api.GetAsync($"{Deployments}/sleeper"));
        await _system.WaitForNodeReadyAsync(restartedAt);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var afterRestart = (await _system.RunningPodsAsync(1)).Single();
        Assert.Equal(Name(remaining), Name(afterRestart));
        Assert.Equal(survivorPid, Pid(afterRestart));
        Assert.Equal(survivorRestarts, RestartCount(afterRestart));
        Assert.Single(_system.WorkloadPids(), pid => Posix.IsAlive(pid));

        // Deleting the Deployment removes its ReplicaSet, its pods and their processes.
        await api.DeleteAsync($"{Deployments}/sleeper");
        await Eventually.HoldsAsync("the ReplicaSet is removed", () => api.ListAsync("/apis/apps/v1/namespaces/default/replicasets"), items => items!.Count == 0, diagnostics: _system.Logs);
        await Eventually.HoldsAsync("the pods are removed", () => api.ListAsync(Pods), items => items!.Count == 0, diagnostics: _system.Logs);
        await Eventually.HoldsAsync("the process stops", () => Task.FromResult<bool?>(Posix.IsAlive(survivorPid)), alive => alive == false, diagnostics: _system.Logs);
    }
}
