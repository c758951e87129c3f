using System.Globalization;
using System.Text;

namespace Orchestrator.Agent.Logs;

/// <summary>Applies <c>sinceSeconds</c>, <c>tailLines</c> and <c>timestamps</c> to a log's lines, in that order, as the kubelet does.</summary>
internal static class LogSelection
{
    /// <summary>
    /// Selects and formats <paramref name="lines"/>. A line without a recorded time is kept by <c>sinceSeconds</c>
    /// when <paramref name="lastWrite"/> (the log's last change) is within the window, since it may be that recent,
    /// and is written without a time prefix.
    /// </summary>
    public static string Apply(IReadOnlyList<LogLine> lines, LogQuery query, DateTimeOffset now, DateTimeOffset? lastWrite)
    {
        IEnumerable<LogLine> selected = lines;
        if (query.SinceSeconds is { } since)
        {
            var cutoff = now - TimeSpan.FromSeconds(since);
            var untimedMayBeRecent = lastWrite is null || lastWrite >= cutoff;
            selected = selected.Where(line => line.Time is { } time ? time >= cutoff : untimedMayBeRecent);
        }

        if (query.TailLines is { } tail)
        {
            var list = selected.ToList();
            selected = tail >= list.Count ? list : list.Skip(list.Count - (int)tail);
        }

        var text = new StringBuilder();
        foreach (var line in selected)
        {
            if (query.Timestamps && line.Time is { } time)
            {
                // RFC 3339 with nanoseconds, as the kubelet writes it.
                text.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture)).Append(' ');
            }

            text.Append(line.Text).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Splits raw log text into lines; a last line without a newline is a line too.</summary>
    public static List<LogLine> SplitUntimed(string text)
    {
        var lines = new List<LogLine>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(new LogLine(null, text[start..]));
                break;
            }

            lines.Add(new LogLine(null, text[start..end]));
            start = end + 1;
        }

        return lines;
    }
}
