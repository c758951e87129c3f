using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text;
using Orchestrator.Fleet.Hosting;

namespace Orchestrator.Fleet.Footprint;

/// <summary>
/// Publishes the agent as the release does (a self-contained single file), joins one real agent process to a running
/// control plane, and samples its resident memory and CPU time while it is idle.
/// </summary>
internal static class AgentFootprint
{
    public const string NodeName = "footprint-agent";

    private const int LogTailLines = 20;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    public static async Task<AgentFootprintResult> MeasureAsync(AgentFootprintRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The agent footprint is read from /proc: it runs on Linux only.");
        }

        var runtime = request.Runtime ?? "linux-x64";
        if (runtime is not ("linux-x64" or "linux-arm64"))
        {
            throw new ArgumentException($"The agent is measured by running it here: the runtime must be linux-x64 or linux-arm64, not '{runtime}'.", nameof(request));
        }

        if (request.Window <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The window must be positive, not {request.Window}.", nameof(request));
        }

        Directory.CreateDirectory(request.WorkDirectory);
        var binary = await PublishAsync(request, runtime, cancellationToken);
        var singleFileBytes = new FileInfo(binary).Length;
        request.Log.WriteLine($"agent footprint: {binary} is {singleFileBytes:N0} bytes ({singleFileBytes / 1024.0 / 1024.0:F1} MiB)");

        var ticksPerSecond = await ClockTicksPerSecondAsync(request.Log, cancellationToken);
        var agentLog = Path.Combine(request.WorkDirectory, "agent.log");
        await using var agent = await StartAgentAsync(request, binary, agentLog, cancellationToken);
        try
        {
            await WaitUntilReadyAsync(request, agent, agentLog, cancellationToken);
            request.Log.WriteLine($"agent footprint: node {NodeName} is Ready; letting start-up work settle for {SettleTime.TotalSeconds:F0} s");
            await Task.Delay(SettleTime, cancellationToken);
            ThrowIfExited(agent, agentLog);

            var (rssAverage, rssMax, cpuPercent, elapsed) = await SampleAsync(request, agent, agentLog, ticksPerSecond, cancellationToken);
            request.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"agent footprint: RSS {rssAverage:F1} MiB average, {rssMax:F1} MiB max; CPU {cpuPercent:F2} % of one core over {elapsed.TotalSeconds:F0} s"));
            return new AgentFootprintResult(singleFileBytes, rssAverage, rssMax, cpuPercent, elapsed, runtime);
        }
        finally
        {
            await StopAgentAsync(request.Log, agent);
            await DeleteNodeAsync(request);
        }
    }

    /// <summary>Runs <c>scripts/publish-agent</c>, the script the release workflow builds the agent with, and returns the single file.</summary>
    private static async Task<string> PublishAsync(AgentFootprintRequest request, string runtime, CancellationToken cancellationToken)
    {
        var output = Path.Combine(request.WorkDirectory, "agent");
        var log = Path.Combine(request.WorkDirectory, "publish.log");
        request.Log.WriteLine($"agent footprint: publishing the agent for {runtime} as the release does (scripts/publish-agent, log in {log})");
        var started = Stopwatch.GetTimestamp();
        var exitCode = await ChildProcess.RunAsync(
            "bash",
            [Path.Combine(request.RepositoryRoot, "scripts", "publish-agent"), "--out", output, runtime],
            log,
            request.RepositoryRoot,
            cancellationToken);
        var binary = Path.Combine(output, runtime, "orch-agent");
        if (exitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"Publishing the agent failed (exit code {exitCode}{(File.Exists(binary) ? string.Empty : $", no {binary}")}). Last lines of {log}:{Environment.NewLine}{ChildProcess.Tail(log, LogTailLines)}");
        }

        request.Log.WriteLine($"agent footprint: published in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
        return binary;
    }

    private static async Task<int> ClockTicksPerSecondAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var output = await ChildProcess.ReadOutputAsync("getconf", ["CLK_TCK"], cancellationToken);
        if (int.TryParse(output?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
        {
            return ticks;
        }

        log.WriteLine("agent footprint: `getconf CLK_TCK` failed; assuming 100 clock ticks per second");
        return 100;
    }

    [SupportedOSPlatform("linux")]
    private static async Task<ChildProcess> StartAgentAsync(AgentFootprintRequest request, string binary, string agentLog, CancellationToken cancellationToken)
    {
        var stateDirectory = Path.Combine(request.WorkDirectory, "agent-state");
        Directory.CreateDirectory(stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // The token goes in an owner-only file, never on the command line (ps shows arguments).
        var tokenFile = Path.Combine(request.WorkDirectory, "join-token");
        var token = await request.Api.CreateJoinTokenAsync(cancellationToken);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var writer = new StreamWriter(tokenFile, Encoding.UTF8, options))
        {
            await writer.WriteAsync(token);
        }

        request.Log.WriteLine($"agent footprint: starting {binary} as node {NodeName} (log in {agentLog})");
        return ChildProcess.Start(
            binary,
            ["--server", request.ServerUrl.ToString(), "--state-dir", stateDirectory, "--node-name", NodeName, "--join-token-file", tokenFile],
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Agent__NodeAddress"] = "127.0.0.1" },
            agentLog,
            request.WorkDirectory);
    }

    private static async Task WaitUntilReadyAsync(AgentFootprintRequest request, ChildProcess agent, string agentLog, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            ThrowIfExited(agent, agentLog);
            if (await request.Api.IsNodeReadyAsync(NodeName, cancellationToken))
            {
                request.Log.WriteLine($"agent footprint: joined and Ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > ReadyTimeout)
            {
                throw new TimeoutException(
                    $"Node {NodeName} was not Ready within {ReadyTimeout.TotalSeconds:F0} s. Last lines of {agentLog}:{Environment.NewLine}{ChildProcess.Tail(agentLog, LogTailLines)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static async Task<(double RssAverage, double RssMax, double CpuPercent, TimeSpan Elapsed)> SampleAsync(
        AgentFootprintRequest request, ChildProcess agent, string agentLog, int ticksPerSecond, CancellationToken cancellationToken)
    {
        request.Log.WriteLine($"agent footprint: sampling pid {agent.Pid} every second for {request.Window.TotalSeconds:F0} s");
        var pid = agent.Pid;
        var rssSamplesKiB = new List<long>();
        var startTicks = ProcFs.ReadCpuTicks(pid) ?? throw AgentExited(agent, agentLog);
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(SampleInterval);
        do
        {
            rssSamplesKiB.Add(ProcFs.ReadRssKiB(pid) ?? throw AgentExited(agent, agentLog));
        }
        while (Stopwatch.GetElapsedTime(started) < request.Window && await timer.WaitForNextTickAsync(cancellationToken));

        var endTicks = ProcFs.ReadCpuTicks(pid) ?? throw AgentExited(agent, agentLog);
        var elapsed = Stopwatch.GetElapsedTime(started);
        ThrowIfExited(agent, agentLog);

        var cpuSeconds = (endTicks - startTicks) / (double)ticksPerSecond;
        return (rssSamplesKiB.Average() / 1024.0, rssSamplesKiB.Max() / 1024.0, cpuSeconds / elapsed.TotalSeconds * 100.0, elapsed);
    }

    private static void ThrowIfExited(ChildProcess agent, string agentLog)
    {
        if (agent.HasExited)
        {
            throw AgentExited(agent, agentLog);
        }
    }

    private static InvalidOperationException AgentExited(ChildProcess agent, string agentLog)
    {
        return new InvalidOperationException(
            $"The agent exited early (exit code {(agent.HasExited ? agent.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown")}). Last lines of {agentLog}:{Environment.NewLine}{ChildProcess.Tail(agentLog, LogTailLines)}");
    }

    /// <summary>SIGTERM first, as systemd stops the agent, then a kill after the grace time.</summary>
    private static async Task StopAgentAsync(TextWriter log, ChildProcess agent)
    {
        log.WriteLine(await agent.StopAsync(StopGrace)
            ? $"agent footprint: agent stopped (exit code {agent.ExitCode})"
            : $"agent footprint: agent did not stop within {StopGrace.TotalSeconds:F0} s of SIGTERM; killed it");
    }

    /// <summary>Removes the node so it does not linger NotReady in the scenarios that follow.</summary>
    private static async Task DeleteNodeAsync(AgentFootprintRequest request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await request.Api.Http.DeleteAsync(new Uri($"api/v1/nodes/{NodeName}", UriKind.Relative), timeout.Token);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
            {
                request.Log.WriteLine($"agent footprint: node {NodeName} deleted");
                return;
            }

            request.Log.WriteLine($"agent footprint: deleting node {NodeName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(timeout.Token)}");
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            // Cleanup must not hide the measurement's own failure.
            request.Log.WriteLine($"agent footprint: deleting node {NodeName} failed: {exception.Message}");
        }
    }
}
