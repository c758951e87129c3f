using System.Diagnostics;
using System.Text.RegularExpressions;
using Orchestrator.Agent.Runtime.Process;

namespace Orchestrator.Fleet.Hosting;

/// <summary>
/// A process this program started, both output streams appended to a log file, stopped by its own pid (SIGTERM, then
/// SIGKILL after a grace period).
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var gate = new Lock();
        var openStreams = 2;
        void Write(object sender, DataReceivedEventArgs e)
        {
            lock (gate)
            {
                // Null marks the end of one stream; the file closes once both have ended.
                if (e.Data is not null)
                {
                    log.WriteLine(e.Data);
                }
                else if (--openStreams == 0)
                {
                    log.Dispose();
                }
            }
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += Write;
        process.ErrorDataReceived += Write;
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, logPath);
    }

    /// <summary>Runs a command to its end; its output goes to <paramref name="logPath"/>. Returns its exit code.</summary>
    public static async Task<int> RunAsync(string fileName, IEnumerable<string> arguments, string logPath, string? workingDirectory, CancellationToken cancellationToken)
    {
        await using var process = Start(fileName, arguments, new Dictionary<string, string>(), logPath, workingDirectory);
        await process._process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>Runs a short command and returns its standard output, or null when it cannot be run or fails.</summary>
    public static async Task<string?> ReadOutputAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The last lines of this process's log, for an error message.</summary>
    public string Tail(int count = 20) => Tail(LogPath, count);

    /// <summary>The last <paramref name="count"/> lines of a log file, without terminal colours.</summary>
    public static string Tail(string logPath, int count = 20)
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = new Queue<string>(count);
            while (reader.ReadLine() is { } line)
            {
                if (lines.Count == count)
                {
                    lines.Dequeue();
                }

                lines.Enqueue(TerminalColour().Replace(line, string.Empty));
            }

            return lines.Count == 0 ? $"({logPath} is empty)" : string.Join(Environment.NewLine, lines);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"({logPath} does not exist)";
        }
    }

    /// <summary>The CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Waits for the process to exit (after it has been told to, or on its own).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, as systemd stops a service; SIGKILL when it has not exited after <paramref name="grace"/> (15 s by default).</summary>
    /// <returns>False when it had to be killed.</returns>
    public async Task<bool> StopAsync(TimeSpan? grace = null)
    {
        if (_process.HasExited)
        {
            return true;
        }

        PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
        using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigKill);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    /// <summary>ANSI colour sequences, as the scripts print around their step headings.</summary>
    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex TerminalColour();
}
