using System.Text;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Services;

/// <summary>
/// The agent's managed block in a hosts file (for host processes, which share the machine's resolver): one line per
/// Service, between <see cref="Begin"/> and <see cref="End"/>; every other line of the file is left as it is.
/// </summary>
internal static class HostsFileBlock
{
    public const string Begin = "# BEGIN orchestrator services";
    public const string End = "# END orchestrator services";

    /// <summary>The block's lines: <c>clusterIP name.ns name.ns.svc.cluster.local</c>, plus <c>name</c> in the default namespace.</summary>
    public static IReadOnlyList<string> Lines(IEnumerable<Service> services)
    {
        var lines = new List<string> { Begin };
        foreach (var service in ServiceDiscovery.Addressed(services)
            .OrderBy(service => service.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(service => service.Metadata.Name, StringComparer.Ordinal))
        {
            var own = (service.Metadata.Namespace ?? ServiceDiscovery.DefaultNamespace) == ServiceDiscovery.DefaultNamespace;
            lines.Add(service.Spec!.ClusterIP + " " + string.Join(' ', ServiceDiscovery.HostNames(service, own)));
        }

        lines.Add(End);
        return lines;
    }

    /// <summary>The file's text with the block replaced (or appended when absent), other lines untouched.</summary>
    public static string Merge(string current, IReadOnlyList<string> block)
    {
        var newline = current.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = current.Length == 0 ? [] : current.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var trailingNewline = current.EndsWith('\n');
        if (trailingNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var begin = lines.FindIndex(line => line.Trim() == Begin);
        var end = begin < 0 ? -1 : lines.FindIndex(begin, line => line.Trim() == End);
        if (begin >= 0 && end >= 0)
        {
            lines.RemoveRange(begin, end - begin + 1);
            lines.InsertRange(begin, block);
        }
        else
        {
            lines.AddRange(block);
        }

        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append(newline);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> in place (truncate and write, keeping its inode: it may be bind-mounted) when
    /// the block changes; returns whether it wrote.
    /// </summary>
    public static bool Apply(string path, IReadOnlyList<string> block)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        string current;
        using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            current = reader.ReadToEnd();
        }

        var merged = Merge(current, block);
        if (string.Equals(merged, current, StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(merged);
        stream.SetLength(0);
        stream.Position = 0;
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
        return true;
    }
}
