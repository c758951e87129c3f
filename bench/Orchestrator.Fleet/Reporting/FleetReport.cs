using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Fleet.Reporting;

/// <summary>The run's figures: printed as one Markdown table and written with a JSON copy.</summary>
internal sealed class FleetReport
{
    private readonly List<ReportRow> _rows = [];

    public FleetReport(IReadOnlyDictionary<string, string> setup) => Setup = setup;

    /// <summary>What ran where: date, cores, fleet size, settings.</summary>
    public IReadOnlyDictionary<string, string> Setup { get; }

    public IReadOnlyList<ReportRow> Rows => _rows;

    public void Add(string scenario, string figure, string value, string target = "", string verdict = "") =>
        _rows.Add(new ReportRow(scenario, figure, value, target, verdict));

    /// <summary>A figure that must be at least <paramref name="target"/>.</summary>
    public void AtLeast(string scenario, string figure, double value, double target, string unit, string format = "N0") =>
        Add(scenario, figure, $"{Format(value, format)} {unit}".TrimEnd(), $"≥ {Format(target, format)} {unit}".TrimEnd(),
            value >= target ? "met" : $"missed by {Format(target - value, format)}{Unit(unit)} ({Percent(value / target)} of the target)");

    /// <summary>A figure that must be at most <paramref name="target"/>.</summary>
    public void AtMost(string scenario, string figure, double value, double target, string unit, string format = "N0") =>
        Add(scenario, figure, $"{Format(value, format)} {unit}".TrimEnd(), $"≤ {Format(target, format)} {unit}".TrimEnd(),
            value <= target ? "met" : $"missed by {Format(value - target, format)}{Unit(unit)} ({(target == 0 ? "target 0" : Format(value / target, "N1") + "× the target")})");

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Setup)
        {
            text.Append(CultureInfo.InvariantCulture, $"- **{name}:** {value}\n");
        }

        text.Append('\n');
        text.Append("| Scenario | Figure | Value | Target | Verdict |\n|---|---|---:|---|---|\n");
        foreach (var row in _rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Figure} | {row.Value} | {row.Target} | {row.Verdict} |\n");
        }

        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new FleetReportDocument(Setup, _rows), FleetReportJsonContext.Default.FleetReportDocument);

    public static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Unit(string unit) => unit.Length == 0 ? "" : " " + unit;

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);
}

/// <summary>The JSON form of a <see cref="FleetReport"/>.</summary>
internal sealed record FleetReportDocument(IReadOnlyDictionary<string, string> Setup, IReadOnlyList<ReportRow> Rows);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FleetReportDocument))]
internal sealed partial class FleetReportJsonContext : JsonSerializerContext;
