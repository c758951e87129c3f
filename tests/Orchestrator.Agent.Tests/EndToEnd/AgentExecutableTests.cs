using System.Globalization;
using Orchestrator.Agent.Tests.Runtime;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.EndToEnd;

/// <summary>The real executable against a loopback control plane: join, heartbeat, run a pod, survive its own restart.</summary>
public sealed class AgentExecutableTests : IDisposable
{
    private readonly LoopbackControlPlane _server = new();
    private readonly TempDirectory _state = new();
    private readonly ProcessDriverFixture _processes = new();

    public void Dispose()
    {
        _server.Dispose();
        _processes.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task Agent_JoinsRunsAPodAndAfterItsOwnRestartAdoptsItInsteadOfStartingItTwice()
    {
        var tokenFile = Path.Combine(_state.Path, "join-token");
        await File.WriteAllTextAsync(tokenFile, LoopbackControlPlane.JoinToken + "\n");
        var stateDirectory = Path.Combine(_state.Path, "state");
        _server.SetPods(TestPods.Pod("web", "uid-e2e", containers: [_processes.Shell("app", "sleep 120")]));

        int workloadPid;
        using (var agent = Start(stateDirectory, "--join-token-file", tokenFile))
        {
            var status = await RunningStatusAsync(agent);
            workloadPid = Pid(status);
            Assert.True(_server.Count("PUT /agent/v1/nodes/node-1/lease") >= 1, agent.Output);
            Assert.StartsWith("application/merge-patch+json {\"status\":{", _server.LastNodeStatus, StringComparison.Ordinal);
            Assert.Contains("\"runtimeHandlers\":[{\"name\":\"process\"}]", _server.LastNodeStatus, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(stateDirectory, "credential.json")));

            await ServiceIsProxiedAsync(agent);

            var exitCode = await agent.TerminateAsync();
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{agent.Output}");
            Assert.DoesNotContain(LoopbackControlPlane.NodeToken, agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(LoopbackControlPlane.JoinToken, agent.Output, StringComparison.Ordinal);
        }

        Assert.True(ProcessTable.IsRunning(workloadPid), "stopping the agent must leave its workloads running");

        _server.ForgetStatuses();
        using (var agent = Start(stateDirectory))
        {
            var status = await RunningStatusAsync(agent);
            Assert.Equal(workloadPid, Pid(status));
            Assert.Equal(0, status.ContainerStatuses![0].RestartCount);
            Assert.Equal([workloadPid], ProcessTable.WithMarker(_processes.Marker));
            Assert.Equal(1, _server.Count("POST /agent/v1/join"));

            // The pod is deleted: the agent stops its process.
            _server.SetPods();
            await Eventually.TrueAsync(() => !ProcessTable.IsRunning(workloadPid), "the agent stops the deleted pod's process\n" + agent.Output, TimeSpan.FromSeconds(30));
            var exitCode = await agent.TerminateAsync();
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{agent.Output}");
        }
    }

    /// <summary>A Service appears: the agent's proxy listens on its cluster IP and forwards to its endpoint.</summary>
    private async Task ServiceIsProxiedAsync(AgentProcess agent)
    {
        await using var backend = new Services.EchoBackend("backend");
        int clusterPort;
        using (var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.96.0.40"), 0));
            clusterPort = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
        }

        _server.SetServices(
            [Services.TestServices.Service("web", "127.96.0.40", Services.TestServices.Port(clusterPort))],
            [Services.TestServices.Slice("web", backend.Endpoint.Port, Services.TestServices.Ready("127.0.0.1"))]);

        string? greeting = null;
        await Eventually.TrueAsync(
            () =>
            {
                try
                {
                    using var client = new System.Net.Sockets.TcpClient();
                    client.Connect("127.96.0.40", clusterPort);
                    using var reader = new StreamReader(client.GetStream());
                    greeting = reader.ReadLine();
                    return greeting == "backend";
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            },
            () => $"the agent proxies 127.96.0.40:{clusterPort} to the backend (read '{greeting}')\n{agent.Output}",
            TimeSpan.FromSeconds(30));
    }

    private AgentProcess Start(string stateDirectory, params string[] extra) =>
        new(
        [
            "--server", _server.Url.ToString(),
            "--node-name", "node-1",
            "--state-dir", stateDirectory,
            "--Agent:LeaseInterval=00:00:01",
            "--Agent:LeaseDuration=00:00:05",
            "--Agent:ResyncInterval=00:00:01",
            "--Agent:MaxTerminationGracePeriod=00:00:02",
            .. extra,
        ]);

    private async Task<Core.Objects.PodStatus> RunningStatusAsync(AgentProcess agent)
    {
        await Eventually.TrueAsync(() => _server.Status("uid-e2e")?.Phase == "Running", () => "the agent reports the pod running\n" + agent.Output, TimeSpan.FromSeconds(30));
        return _server.Status("uid-e2e")!;
    }

    private static int Pid(Core.Objects.PodStatus status) =>
        int.Parse(status.ContainerStatuses![0].ContainerID!["process://".Length..], CultureInfo.InvariantCulture);
}
