using System.Globalization;

namespace Orchestrator.Fleet.Footprint;

/// <summary>Reads a Linux process's resident memory and CPU time from <c>/proc</c>.</summary>
internal static class ProcFs
{
    /// <summary>The process's resident set size in KiB (<c>VmRSS</c> of <c>/proc/PID/status</c>), or null once it is gone.</summary>
    public static long? ReadRssKiB(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        foreach (var line in lines)
        {
            // "VmRSS:	   41236 kB"
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var value = line["VmRSS:".Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>User plus system CPU time of the process in clock ticks (<c>utime + stime</c> of <c>/proc/PID/stat</c>), or null once it is gone.</summary>
    public static long? ReadCpuTicks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        // After it come field 3 (state) onwards, so utime (field 14) and stime (field 15) are the 12th and 13th.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
