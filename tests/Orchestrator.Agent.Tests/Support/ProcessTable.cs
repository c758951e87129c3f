using System.Globalization;
using System.Text;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>Looks at /proc for the processes a test started, and kills them at the end.</summary>
internal static class ProcessTable
{
    /// <summary>Pids whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> WithMarker(string marker)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return pids;
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            var state = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return !state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGKILLs every process whose command line holds the marker.</summary>
    public static void KillAll(string marker)
    {
        foreach (var pid in WithMarker(marker))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
