using Orchestrator.Fleet.Reporting;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// The fleet with nothing to do for a while: Azure requests per node-hour (the control plane's, from its /metrics, and
/// the agents', counted in this process) and the control plane's CPU seconds per minute.
/// </summary>
internal static class IdleScenario
{
    /// <returns>The fleet's idle Azure requests per second, for the burst to take off its count.</returns>
    public static async Task<double> RunAsync(FleetContext context, CancellationToken cancellationToken)
    {
        var (options, report, log) = (context.Options, context.Report, context.Log);
        log.WriteLine($"Idle: {options.Nodes} nodes for {options.IdleTime.TotalMinutes:N0} min");
        var before = await context.CountAsync(cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(options.IdleTime, cancellationToken);
        var after = await context.CountAsync(cancellationToken);
        var elapsed = clock.Elapsed;

        var requests = after.Requests - before.Requests;
        var nodeHours = options.Nodes * elapsed.TotalHours;
        report.Add("idle", "nodes × minutes", $"{options.Nodes:N0} × {elapsed.TotalMinutes:N1}");
        if (options.TableStore)
        {
            report.AtMost("idle", "Azure requests per idle node-hour", requests.Total / nodeHours, 400, "");
            report.Add("idle", "… by service and method, per node-hour", new OperationCounts(requests.ByKind.ToDictionary(kind => kind.Key, kind => (long)Math.Round(kind.Value / nodeHours))).Describe());
        }
        context.ReportCpu("idle", before, after, elapsed);
        return requests.Total / elapsed.TotalSeconds;
    }
}
