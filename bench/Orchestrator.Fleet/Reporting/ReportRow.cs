namespace Orchestrator.Fleet.Reporting;

/// <summary>
/// One figure of the table: what was measured, its value, and the target it is read against (empty when it has none);
/// the verdict is "met", "missed by …", or empty.
/// </summary>
internal sealed record ReportRow(string Scenario, string Figure, string Value, string Target, string Verdict);
