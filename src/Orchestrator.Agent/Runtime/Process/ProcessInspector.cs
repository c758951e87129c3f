using System.Globalization;
using System.Text;

namespace Orchestrator.Agent.Runtime.Process;

/// <summary>Reads what the operating system knows about a process, to tell a live workload from a recycled pid.</summary>
internal static class ProcessInspector
{
    /// <summary>
    /// The process's start time in a form that, with the pid, identifies it: field 22 of <c>/proc/&lt;pid&gt;/stat</c>
    /// on Linux, UTC ticks elsewhere. Null when no such process runs (zombies count as gone).
    /// </summary>
    public static long? StartTime(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return ReadStat(pid) is { State: not 'Z' and not 'X' } stat ? stat.StartTime : null;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="pid"/> still runs the process that started at <paramref name="startTime"/>.</summary>
    public static bool IsAlive(int pid, long startTime) => StartTime(pid) == startTime;

    public static LinuxProcessStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); field N is fields[N - 3].
        if (fields.Length < 20 ||
            !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) ||
            !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session) ||
            !long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var startTime))
        {
            return null;
        }

        return new LinuxProcessStat(fields[0].Length > 0 ? fields[0][0] : '?', group, session, startTime);
    }

    /// <summary>The argument vector from <c>/proc/&lt;pid&gt;/cmdline</c>; null when unreadable.</summary>
    public static IReadOnlyList<string>? ReadCommandLine(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            var text = Encoding.UTF8.GetString(bytes);
            return text.Length == 0 ? [] : text.TrimEnd('\0').Split('\0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Linux's boot id: pids and start ticks restart at boot, so a record from an earlier boot names nothing.</summary>
    public static string? BootId()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
