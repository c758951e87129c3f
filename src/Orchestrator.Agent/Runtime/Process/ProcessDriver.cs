using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Runtime.Process;

/// <summary>
/// Runs containers as host processes (<c>runtimeClassName: process</c>). On Unix each process is started through
/// <c>setsid</c> (when present) and a one-line <c>sh</c> wrapper that redirects its output to the log file; both
/// exec in place, so the recorded pid is the workload's, it leads its own session (a Ctrl+C on the agent's terminal
/// does not reach it), and it keeps running and logging when the agent exits. Records in <c>containers/</c> let
/// the next agent run adopt the processes.
/// </summary>
internal sealed partial class ProcessDriver : IRuntimeDriver, IDisposable
{
    public const string Name = "process";

    /// <summary>Redirects stdin from /dev/null and stdout and stderr to the log (<c>$0</c>), then execs the workload in place.</summary>
    internal const string WrapperScript = "exec </dev/null >>\"$0\" 2>&1; exec \"$@\"";

    private const string SetsidPath = "/usr/bin/setsid";
    private const string ShellPath = "/bin/sh";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan VerifyTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan VerifyPoll = TimeSpan.FromMilliseconds(5);

    private readonly StatePaths _paths;
    private readonly ContainerRecordStore _records;
    private readonly NodeIdentity _identity;
    private readonly NodeAddressResolver _addresses;
    private readonly string? _configuredNodeName;
    private readonly TimeProvider _time;
    private readonly ILogger<ProcessDriver> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContainerKey, TrackedProcess> _containers = [];
    private readonly CancellationTokenSource _disposing = new();
    private readonly string? _setsid;
    private readonly string? _bootId;
    private bool _loaded;

    public ProcessDriver(
        StatePaths paths,
        ContainerRecordStore records,
        NodeIdentity identity,
        NodeAddressResolver addresses,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<ProcessDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _paths = paths;
        _identity = identity;
        _addresses = addresses;
        _configuredNodeName = options.Value.NodeName;
        _records = records;
        _time = time;
        _logger = logger;
        _setsid = OperatingSystem.IsLinux() && File.Exists(SetsidPath) ? SetsidPath : null;
        _bootId = ProcessInspector.BootId();
        if (!OperatingSystem.IsWindows() && _setsid is null)
        {
            Log.NoSetsid(_logger, SetsidPath);
        }
    }

    public event EventHandler<ContainerKey>? ContainerExited;

    public string RuntimeClassName => Name;

    public string RuntimeVersion => "process://" + Environment.Version;

    private string NodeName => _identity.Current?.NodeName ?? _configuredNodeName ?? NodeNames.FromHostName(Dns.GetHostName());

    public Task<IReadOnlyList<RuntimeContainer>> ListAsync(CancellationToken cancellationToken)
    {
        EnsureLoaded();
        var exited = new List<ContainerKey>();
        var result = new List<RuntimeContainer>();
        lock (_gate)
        {
            foreach (var (key, tracked) in _containers)
            {
                // Adopted processes are not our children, so nobody tells us when they exit: poll.
                if (tracked.IsRunning && tracked.Process is null && !IsSameProcess(tracked.Record))
                {
                    RecordExit(tracked, ContainerTermination.Unknown(tracked.Record.StartedAt, _time.GetUtcNow(), tracked.Record.ContainerId));
                    Log.AdoptedExited(_logger, key, tracked.Record.Pid);
                    exited.Add(key);
                }

                result.Add(tracked.Record.ToRuntimeContainer());
            }
        }

        foreach (var key in exited)
        {
            RaiseExited(key);
        }

        return Task.FromResult<IReadOnlyList<RuntimeContainer>>(result);
    }

    public async Task<RuntimeContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        EnsureLoaded();
        var key = launch.Key;
        lock (_gate)
        {
            if (_containers.TryGetValue(key, out var existing) && existing.IsRunning)
            {
                throw new InvalidOperationException($"Container {key} is running; stop it before starting it again.");
            }
        }

        var command = WorkloadCommand.Create(launch.Spec, launch.PodName, path => PodFieldValues.Resolve(path, launch, NodeName, _addresses.InternalIP), launch.Services.Environment);
        var preStop = PreStopHook.Serialize(launch.Spec);
        var logPath = _paths.LogFile(launch.PodUid, key.ContainerName);
        StatePaths.EnsureDirectory(_paths.LogsDirectory);
        StatePaths.EnsureDirectory(Path.GetDirectoryName(logPath)!);
        Logs.ProcessLogFiles.RotateForNewRun(logPath);

        var process = new System.Diagnostics.Process { StartInfo = CreateStartInfo(command, logPath) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new ContainerCreateException(ContainerCreateException.CreateContainerError, $"starting \"{command.Argv[0]}\" failed: {ex.Message}", ex);
        }

        var pid = process.Id;
        var record = new ContainerRecord
        {
            Namespace = launch.Namespace,
            PodName = launch.PodName,
            PodUid = launch.PodUid,
            ContainerName = key.ContainerName,
            SpecHash = launch.SpecHash,
            Pid = pid,
            ProcessStartTime = ProcessInspector.StartTime(pid) ?? 0,
            BootId = _bootId,
            OwnProcessGroup = _setsid is not null,
            RestartCount = launch.RestartCount,
            BackoffStep = launch.BackoffStep,
            StartedAt = _time.GetUtcNow(),
            TerminationGracePeriod = launch.TerminationGracePeriod,
            PreStop = preStop,
            LastState = launch.LastState,
        };
        var tracked = new TrackedProcess(record, process)
        {
            Command = command,
            Pump = OperatingSystem.IsWindows() ? new LogPump(logPath, process.StandardOutput.BaseStream, process.StandardError.BaseStream) : null,
        };

        lock (_gate)
        {
            // Written before anything can fail, so a crash from here on never leads to starting it twice.
            _records.Save(record);
            if (_containers.TryGetValue(key, out var previous))
            {
                previous.Process?.Dispose();
            }

            _containers[key] = tracked;
        }

        Log.Started(_logger, key, launch.Namespace, launch.PodName, pid, launch.RestartCount);
        _ = MonitorAsync(key, tracked);

        if (_setsid is not null && !await VerifyWorkloadAsync(pid, cancellationToken))
        {
            Log.NotVerified(_logger, key, pid);
        }

        lock (_gate)
        {
            return tracked.Record.ToRuntimeContainer();
        }
    }

    public async Task StopAsync(ContainerKey key, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        EnsureLoaded();
        TrackedProcess? tracked;
        lock (_gate)
        {
            if (!_containers.TryGetValue(key, out tracked) || !tracked.IsRunning)
            {
                return;
            }
        }

        var pid = tracked.Record.Pid;
        Log.Stopping(_logger, key, pid, gracePeriod);
        if (tracked.Record.PreStop is { } preStop)
        {
            gracePeriod = await PreStopHook.RunAsync(this, key, preStop, _addresses.InternalIP, gracePeriod, _time, _logger, cancellationToken);
        }

        if (OperatingSystem.IsWindows())
        {
            // Windows has no SIGTERM for console processes started without a console of their own.
            KillTree(tracked);
        }
        else
        {
            Signal(tracked, PosixSignals.SigTerm);
        }

        if (!await WaitForExitAsync(tracked, gracePeriod, cancellationToken))
        {
            Log.Killing(_logger, key, pid, gracePeriod);
            if (OperatingSystem.IsWindows())
            {
                KillTree(tracked);
            }
            else
            {
                Signal(tracked, PosixSignals.SigKill);
            }

            if (!await WaitForExitAsync(tracked, KillWait, cancellationToken))
            {
                Log.StillRunning(_logger, key, pid);
                return;
            }
        }

        var finishedAt = _time.GetUtcNow();
        lock (_gate)
        {
            if (!tracked.IsRunning)
            {
                return;
            }

            // Recorded here as well as by the monitor, so the caller never sees a stopped process as running.
            RecordExit(tracked, tracked.Process is { } own
                ? ContainerTermination.FromExitCode(own.ExitCode, tracked.Record.StartedAt, finishedAt, tracked.Record.ContainerId)
                : ContainerTermination.Unknown(tracked.Record.StartedAt, finishedAt, tracked.Record.ContainerId));
        }

        RaiseExited(key);
    }

    public Task RemoveAsync(ContainerKey key, CancellationToken cancellationToken)
    {
        EnsureLoaded();
        lock (_gate)
        {
            if (!_containers.TryGetValue(key, out var tracked))
            {
                return Task.CompletedTask;
            }

            if (tracked.IsRunning)
            {
                throw new InvalidOperationException($"Container {key} is running; stop it before removing it.");
            }

            _records.Delete(key);
            _containers.Remove(key);
            tracked.Process?.Dispose();
        }

        DeleteLog(key);
        Log.Removed(_logger, key);
        return Task.CompletedTask;
    }

    /// <summary>Stops watching; the processes keep running, so the next agent run adopts them.</summary>
    public void Dispose()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        lock (_gate)
        {
            foreach (var tracked in _containers.Values)
            {
                tracked.Process?.Dispose();
            }
        }
    }

    private void EnsureLoaded()
    {
        lock (_gate)
        {
            if (_loaded)
            {
                return;
            }

            foreach (var record in _records.LoadAll())
            {
                var tracked = new TrackedProcess(record, process: null);
                if (record.Exit is null)
                {
                    if (IsSameProcess(record))
                    {
                        Log.Adopted(_logger, record.Key, record.Namespace, record.PodName, record.Pid);
                    }
                    else
                    {
                        RecordExit(tracked, ContainerTermination.Unknown(record.StartedAt, _time.GetUtcNow(), record.ContainerId));
                        Log.GoneWhileAway(_logger, record.Key, record.Pid);
                    }
                }

                _containers[record.Key] = tracked;
            }

            _loaded = true;
        }
    }

    private bool IsSameProcess(ContainerRecord record)
    {
        if (record.ProcessStartTime == 0 || (record.BootId is not null && _bootId is not null && record.BootId != _bootId))
        {
            return false;
        }

        return ProcessInspector.IsAlive(record.Pid, record.ProcessStartTime);
    }

    /// <summary>Call under the lock.</summary>
    private void RecordExit(TrackedProcess tracked, ContainerTermination exit)
    {
        tracked.Record = tracked.Record with { Exit = exit };
        _records.Save(tracked.Record);
    }

    private async Task MonitorAsync(ContainerKey key, TrackedProcess tracked)
    {
        var process = tracked.Process!;
        try
        {
            await process.WaitForExitAsync(_disposing.Token);
            if (tracked.Pump is { } pump)
            {
                await pump.DisposeAsync();
            }

            var finishedAt = _time.GetUtcNow();
            bool changed;
            lock (_gate)
            {
                changed = tracked.IsRunning;
                if (changed)
                {
                    RecordExit(tracked, ContainerTermination.FromExitCode(process.ExitCode, tracked.Record.StartedAt, finishedAt, tracked.Record.ContainerId));
                }
            }

            if (changed)
            {
                Log.Exited(_logger, key, tracked.Record.Pid, tracked.Record.Exit!.ExitCode);
                RaiseExited(key);
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            // The agent is shutting down; the process runs on and is adopted next time.
        }
        catch (Exception ex)
        {
            Log.MonitorFailed(_logger, ex, key);
        }
    }

    private void RaiseExited(ContainerKey key)
    {
        try
        {
            ContainerExited?.Invoke(this, key);
        }
        catch (Exception ex)
        {
            Log.MonitorFailed(_logger, ex, key);
        }
    }

    private async Task<bool> WaitForExitAsync(TrackedProcess tracked, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (tracked.Process is { } own)
        {
            using var timeoutSource = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
            try
            {
                await own.WaitForExitAsync(linked.Token);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        var deadline = _time.GetUtcNow() + timeout;
        while (IsSameProcess(tracked.Record))
        {
            if (_time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }

        return true;
    }

    private void Signal(TrackedProcess tracked, int signal)
    {
        var record = tracked.Record;
        var alive = tracked.Process is { } own ? !own.HasExited : IsSameProcess(record);
        if (!alive)
        {
            return;
        }

        // The group reaches what the workload forked too; a process without its own group gets the signal alone.
        if (record.OwnProcessGroup && PosixSignals.Send(-record.Pid, signal))
        {
            return;
        }

        PosixSignals.Send(record.Pid, signal);
    }

    private void KillTree(TrackedProcess tracked)
    {
        try
        {
            if (tracked.Process is { } own)
            {
                own.Kill(entireProcessTree: true);
            }
            else if (IsSameProcess(tracked.Record))
            {
                using var adopted = System.Diagnostics.Process.GetProcessById(tracked.Record.Pid);
                adopted.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or Win32Exception)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>
    /// Waits until the pid leads its own session and no longer runs setsid or the wrapper: then the recorded pid is
    /// the workload's. False when that is not seen in time (the process keeps running either way). This waits on
    /// the operating system, so it runs on real time whatever clock the agent's logic uses.
    /// </summary>
    private static async Task<bool> VerifyWorkloadAsync(int pid, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + VerifyTimeout;
        while (true)
        {
            if (ProcessInspector.ReadStat(pid) is not { } stat || stat.State is 'Z' or 'X')
            {
                return true; // Already exited: the exit code reaches the monitor all the same.
            }

            if (stat.Session == pid && ProcessInspector.ReadCommandLine(pid) is { } argv && !IsLauncher(argv))
            {
                return true;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(VerifyPoll, clock, cancellationToken);
        }
    }

    private static bool IsLauncher(IReadOnlyList<string> argv) =>
        argv.Count == 0 ||
        argv[0] == SetsidPath ||
        (argv.Count >= 3 && argv[1] == "-c" && argv[2] == WrapperScript);

    private ProcessStartInfo CreateStartInfo(WorkloadCommand command, string logPath)
    {
        ProcessStartInfo startInfo;
        if (OperatingSystem.IsWindows())
        {
            startInfo = new ProcessStartInfo(command.Argv[0])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in command.Argv.Skip(1))
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo = new ProcessStartInfo(_setsid ?? ShellPath);
            if (_setsid is not null)
            {
                startInfo.ArgumentList.Add(ShellPath);
            }

            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(WrapperScript);
            startInfo.ArgumentList.Add(logPath);
            foreach (var argument in command.Argv)
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        startInfo.UseShellExecute = false;
        startInfo.WorkingDirectory = command.WorkingDirectory;
        startInfo.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private void DeleteLog(ContainerKey key)
    {
        try
        {
            File.Delete(_paths.LogFile(key.PodUid, key.ContainerName));
            Logs.ProcessLogFiles.DeletePrevious(_paths.LogFile(key.PodUid, key.ContainerName));
            var directory = _paths.PodLogDirectory(key.PodUid);
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException ex)
        {
            Log.LogNotDeleted(_logger, key, ex.Message);
        }
    }
}
