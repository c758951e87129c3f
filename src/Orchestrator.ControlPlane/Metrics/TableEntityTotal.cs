namespace Orchestrator.ControlPlane.Metrics;

/// <summary>How many entities this process wrote to one partition group of one table (summed over tenants).</summary>
internal sealed record TableEntityTotal(string Table, string Group, long Count);
