using System.Globalization;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Runtime.Docker;

namespace Orchestrator.Agent.Logs;

/// <summary>
/// Logs of the Docker runtime, from the engine. The engine records each line's time, so <c>sinceSeconds</c> and
/// <c>timestamps</c> are exact; stdout and stderr are merged back in time order. The current container is the one with
/// the highest restart count; <c>previous</c> is the one before it, while the engine still has it.
/// </summary>
internal sealed class DockerLogSource : ILogSource
{
    private readonly IDockerEngine _engine;
    private readonly DockerOptions _options;
    private readonly TimeProvider _time;

    public DockerLogSource(IDockerEngine engine, IOptions<DockerOptions> options, TimeProvider time)
    {
        _engine = engine;
        _options = options.Value;
        _time = time;
    }

    public async Task<LogReadResult?> ReadAsync(LogQuery query, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        var containers = await _engine.ListContainersAsync(
            new Dictionary<string, string> { [DockerLabels.PodUid] = query.PodUid, [DockerLabels.Container] = query.Container },
            cancellationToken);
        if (containers.Count == 0)
        {
            return null;
        }

        var runs = containers.OrderByDescending(c => DockerLabels.GetInt(c.Labels, DockerLabels.RestartCount)).ToList();
        var chosen = query.Previous ? runs.Skip(1).FirstOrDefault() : runs[0];
        if (chosen is null)
        {
            return LogReadResult.Error($"previous terminated container \"{query.Container}\" in pod \"{query.PodName}\" not found");
        }

        var raw = await _engine.GetLogsAsync(chosen.ID, cancellationToken);
        if (raw is null)
        {
            return LogReadResult.Error($"container \"{query.Container}\" in pod \"{query.PodName}\" is not available");
        }

        return LogReadResult.Ok(LogSelection.Apply(Parse(raw), query, _time.GetUtcNow(), lastWrite: null));
    }

    /// <summary>Splits the engine's <c>&lt;RFC 3339 nano&gt; &lt;text&gt;</c> lines and orders them by time.</summary>
    internal static List<LogLine> Parse(string raw)
    {
        var lines = new List<LogLine>();
        foreach (var line in LogSelection.SplitUntimed(raw))
        {
            var space = line.Text.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && TryParseTime(line.Text.AsSpan(0, space), out var time))
            {
                lines.Add(new LogLine(time, line.Text[(space + 1)..]));
            }
            else
            {
                lines.Add(line);
            }
        }

        // Stable: lines of one stream keep their order when times tie.
        return [.. lines.Select((line, index) => (line, index)).OrderBy(x => x.line.Time ?? DateTimeOffset.MinValue).ThenBy(x => x.index).Select(x => x.line)];
    }

    private static bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        // .NET keeps 7 fractional digits; the engine writes up to 9.
        var value = text.ToString();
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && value.EndsWith('Z'))
        {
            var fraction = value[(dot + 1)..^1];
            value = value[..(dot + 1)] + (fraction.Length > 7 ? fraction[..7] : fraction) + "Z";
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
