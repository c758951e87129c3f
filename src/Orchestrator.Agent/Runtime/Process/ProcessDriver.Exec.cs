using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Orchestrator.Agent.Runtime.Process;

internal sealed partial class ProcessDriver
{
    /// <summary>
    /// Runs a command on the host as the container would see it: the container's environment and working directory
    /// (read from <c>/proc</c> for a process adopted from an earlier agent run), no shell, stdin empty.
    /// </summary>
    public async Task<ExecResult> ExecAsync(ContainerKey key, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0 || string.IsNullOrEmpty(command[0]))
        {
            throw new ArgumentException("The command is empty.", nameof(command));
        }

        EnsureLoaded();
        TrackedProcess tracked;
        lock (_gate)
        {
            if (!_containers.TryGetValue(key, out var found) || !found.IsRunning)
            {
                throw new InvalidOperationException($"Container {key} is not running.");
            }

            tracked = found;
        }

        var (environment, workingDirectory) = ExecContext(tracked);
        var path = environment.TryGetValue("PATH", out var searchPath) ? searchPath : "";
        var executable = OperatingSystem.IsWindows() ? command[0] : WorkloadCommand.ResolveExecutable(command[0], path, workingDirectory);
        if (executable is null)
        {
            // What a shell answers for a command it cannot find.
            return new ExecResult(127, $"exec: \"{command[0]}\": executable file not found in $PATH");
        }

        var startInfo = new System.Diagnostics.ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new System.Diagnostics.Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ExecResult(126, $"exec: \"{command[0]}\": {ex.Message}");
        }

        process.StandardInput.Close();
        var output = new BoundedOutput(ExecResult.MaxOutputBytes);
        var pumps = Task.WhenAll(
            output.DrainAsync(process.StandardOutput.BaseStream),
            output.DrainAsync(process.StandardError.BaseStream));

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token);
            // A child the command left running may hold the pipes open: the timeout bounds this wait too.
            await pumps.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"command timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }

        return new ExecResult(process.ExitCode, output.ToString());
    }

    private static (IReadOnlyDictionary<string, string> Environment, string WorkingDirectory) ExecContext(TrackedProcess tracked)
    {
        if (tracked.Command is { } started)
        {
            return (started.Environment, started.WorkingDirectory);
        }

        // Adopted from an earlier run: the workload's own environment and directory, as the kernel knows them.
        var pid = tracked.Record.Pid.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = entry.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    environment[entry[..equals]] = entry[(equals + 1)..];
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        }

        string workingDirectory;
        try
        {
            workingDirectory = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? "/";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            workingDirectory = "/";
        }

        return (environment, Directory.Exists(workingDirectory) ? workingDirectory : "/");
    }

    private static void KillQuietly(System.Diagnostics.Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Collects the first bytes of both output streams in arrival order and drains the rest, so the child never blocks on a full pipe.</summary>
    private sealed class BoundedOutput
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _kept = new();
        private readonly int _limit;

        public BoundedOutput(int limit)
        {
            _limit = limit;
        }

        public async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[1024];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                lock (_gate)
                {
                    var room = _limit - (int)_kept.Length;
                    if (room > 0)
                    {
                        _kept.Write(buffer, 0, Math.Min(room, read));
                    }
                }
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
            }
        }
    }
}
