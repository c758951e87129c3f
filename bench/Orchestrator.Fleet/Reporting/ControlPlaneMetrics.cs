using System.Globalization;
using Orchestrator.Fleet.Hosting;

namespace Orchestrator.Fleet.Reporting;

/// <summary>
/// What the control plane's <c>GET /metrics</c> says: its Azure requests by service, the Table Storage entities it wrote
/// by table and partition group (keys such as <c>objects g03</c>), and its CPU seconds.
/// </summary>
internal sealed record ControlPlaneMetrics(OperationCounts Requests, OperationCounts Entities, double CpuSeconds)
{
    public static async Task<ControlPlaneMetrics> ScrapeAsync(FleetApi api, CancellationToken cancellationToken)
    {
        using var response = await api.Http.GetAsync("metrics", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /metrics: {(int)response.StatusCode} {text}");
        }

        return Parse(text);
    }

    /// <summary>Reads the Prometheus text format: <c>name{label="value",...} number</c> lines; comments skipped.</summary>
    public static ControlPlaneMetrics Parse(string text)
    {
        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        var entities = new Dictionary<string, long>(StringComparer.Ordinal);
        var cpu = 0.0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var value = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (series.StartsWith("orchestrator_azure_requests_total", StringComparison.Ordinal))
            {
                var kind = OperationCounts.Kind(Label(series, "service") ?? "other", Label(series, "method") ?? "?");
                requests[kind] = requests.GetValueOrDefault(kind) + (long)value;
            }
            else if (series.StartsWith("orchestrator_table_entities_written_total", StringComparison.Ordinal))
            {
                var kind = OperationCounts.Kind(Label(series, "table") ?? "other", Label(series, "group") ?? "?");
                entities[kind] = entities.GetValueOrDefault(kind) + (long)value;
            }
            else if (series == "process_cpu_seconds_total")
            {
                cpu = value;
            }
        }

        return new ControlPlaneMetrics(new OperationCounts(requests), new OperationCounts(entities), cpu);
    }

    private static string? Label(string series, string name)
    {
        var start = series.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += name.Length + 2;
        var end = series.IndexOf('"', start);
        return series[start..end];
    }
}
