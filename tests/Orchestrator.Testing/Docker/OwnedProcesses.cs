using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Testing.Docker;

/// <summary>Stopping what a fixture started, by pid only: SIGTERM, a bounded wait, then SIGKILL; and lazy unmounts.</summary>
internal static class OwnedProcesses
{
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        Signal(process.Id, "TERM");
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Pids of processes whose command line mentions <paramref name="marker"/> (a fixture's private folder).</summary>
    public static IReadOnlyList<int> FindByCommandLine(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true, UseShellExecute = false });
        kill?.WaitForExit();
    }

    /// <summary>Detaches every mount below <paramref name="root"/>, deepest first, so the folder can be deleted.</summary>
    public static void UnmountBelow(string root)
    {
        var prefix = root.TrimEnd('/') + "/";
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => fields[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)
            .Distinct()
            .ToList();
        foreach (var point in mounts)
        {
            using var umount = Process.Start(new ProcessStartInfo("umount", ["-l", point]) { RedirectStandardError = true, UseShellExecute = false });
            umount?.WaitForExit();
        }
    }
}
