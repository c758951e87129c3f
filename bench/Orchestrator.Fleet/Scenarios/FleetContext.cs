using Orchestrator.Fleet.Hosting;
using Orchestrator.Fleet.Reporting;
using Orchestrator.Fleet.Simulation;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// What every scenario works with: the settings, the API, the fleet, the counters and the report; with
/// <c>StoreCpuSeconds</c>, Azurite's CPU seconds so far when this run started it (null when targeting a running server).
/// </summary>
internal sealed record FleetContext(
    FleetOptions Options, FleetApi Api, SimFleet Fleet, AzureRequestTally AgentRequests, FleetReport Report, TextWriter Log, Func<double>? StoreCpuSeconds)
{
    /// <summary>
    /// Every Azure request so far (the control plane's from its /metrics, the agents' counted in this process), the
    /// control plane's CPU seconds and the store's.
    /// </summary>
    public async Task<Counts> CountAsync(CancellationToken cancellationToken)
    {
        var server = await ControlPlaneMetrics.ScrapeAsync(Api, cancellationToken);
        return new Counts(server.Requests + AgentRequests.Snapshot(), server.Entities, server.CpuSeconds, StoreCpuSeconds?.Invoke() ?? double.NaN);
    }

    /// <summary>The CPU rows of a scenario: the control plane's and (when measured) the store's, per minute.</summary>
    public void ReportCpu(string scenario, Counts before, Counts after, TimeSpan elapsed)
    {
        Report.Add(scenario, "control-plane CPU", $"{(after.ControlPlaneCpuSeconds - before.ControlPlaneCpuSeconds) / elapsed.TotalMinutes:N1} s/min");
        if (!double.IsNaN(after.StoreCpuSeconds))
        {
            Report.Add(scenario, "store (Azurite) CPU", $"{(after.StoreCpuSeconds - before.StoreCpuSeconds) / elapsed.TotalMinutes:N1} s/min");
        }
    }
}

/// <summary>What <see cref="FleetContext.CountAsync"/> read.</summary>
internal sealed record Counts(OperationCounts Requests, OperationCounts Entities, double ControlPlaneCpuSeconds, double StoreCpuSeconds);
