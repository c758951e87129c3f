using System.Text.Json.Nodes;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The agent without its control plane: workloads keep running and keep being restarted while the server and the
/// store are down, the API shows the true state after they return, and a killed agent restarts nothing.
/// </summary>
public sealed class OfflineTests : IAsyncLifetime
{
    /// <summary>How long the control plane stays down (issue 3: two minutes).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);

    private readonly LocalSystem _system = new("offline-node");

    public Task InitializeAsync() => _system.StartAsync();

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task ControlPlaneDownTwoMinutes_WorkloadsKeepRunningCrashesAreRestartedAndTheApiCatchesUp()
    {
        var api = _system.Api;
        await api.PostAsync(Deployments, SleeperDeployment("steady", replicas: 2));
        var pods = await _system.RunningPodsAsync(2);
        var crashing = pods[0];
        var steady = pods[1];
        var steadyPid = Pid(steady);

        // The control plane goes away: the server, with its SQLite file and the node mailboxes in its memory.
        var stoppedAt = DateTimeOffset.UtcNow;
        await _system.Server!.StopAsync();

        // A container crashes meanwhile: the agent restarts it on its own.
        var crashedPid = Pid(crashing);
        Posix.Kill(crashedPid, Posix.SigKill);
        await Eventually.HoldsAsync("the crashed container is restarted while the control plane is down",
            () => Task.FromResult<int?>(_system.WorkloadPids().Count(pid => pid != crashedPid && pid != steadyPid && Posix.IsAlive(pid))),
            count => count == 1, diagnostics: _system.Logs);
        var replacementPid = _system.WorkloadPids().Single(pid => pid != crashedPid && pid != steadyPid && Posix.IsAlive(pid));

        var remaining = Outage - (DateTimeOffset.UtcNow - stoppedAt);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        Assert.True(Posix.IsAlive(steadyPid), "a healthy workload keeps running without its control plane");
        Assert.True(Posix.IsAlive(replacementPid), "the restarted workload keeps running without its control plane");

        // The control plane returns: the agent reports what happened while it was gone.
        await _system.StartServerAsync();
        await Eventually.HoldsAsync("the API shows the restart that happened offline", () => api.GetAsync($"{Pods}/{Name(crashing)}"),
            p => p is not null && Running(p) && RestartCount(p) >= 1 && Pid(p) == replacementPid, diagnostics: _system.Logs);
        var steadyNow = await api.GetAsync($"{Pods}/{Name(steady)}");
        Assert.Equal(steadyPid, Pid(steadyNow!));
        Assert.Equal(0, RestartCount(steadyNow!));
        await _system.WaitForNodeReadyAsync(DateTimeOffset.UtcNow);

        // Killing the agent outright and starting it again restarts nothing.
        var before = await _system.RunningPodsAsync(2);
        Posix.Kill(_system.Agent!.Pid, Posix.SigKill);
        await _system.Agent.StopAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        _system.StartAgent();
        await _system.WaitForNodeReadyAsync(restartedAt);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = await _system.RunningPodsAsync(2);
        foreach (var pod in before)
        {
            var same = after.Single(p => Name(p) == Name(pod));
            Assert.Equal(Pid(pod), Pid(same));
            Assert.Equal(RestartCount(pod), RestartCount(same));
        }

        Assert.Equal(2, _system.WorkloadPids().Count(Posix.IsAlive));
        await api.DeleteAsync($"{Deployments}/steady");
        await Eventually.HoldsAsync("the pods are removed", () => api.ListAsync(Pods), items => items is JsonArray { Count: 0 }, diagnostics: _system.Logs);
    }
}
