using System.Globalization;
using System.Text;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>Looks at /proc for the processes a test started, and kills them at the end.</summary>
internal static class ProcessTable
{
    /// <summary>
    /// Pids whose command line contains <paramref name="marker"/>, leaving out a shell's forked child that has not
    /// exec'd yet (it still shows its parent's command line).
    /// </summary>
    public static IReadOnlyList<int> WithMarker(string marker)
    {
        var found = new Dictionary<int, int>();
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
                var fields = state[(state.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
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

        return found.Where(pair => !found.ContainsKey(pair.Value)).Select(pair => pair.Key).Order().ToList();
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
