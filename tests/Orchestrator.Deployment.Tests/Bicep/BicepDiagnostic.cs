using System.Text.RegularExpressions;

namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>One line the Bicep CLI prints for a finding: <c>path(line,column) : Level code: message</c>.</summary>
internal sealed partial record BicepDiagnostic(string File, int Line, string Level, string Code, string Message)
{
    public static BicepDiagnostic? Parse(string line)
    {
        var match = DiagnosticLine().Match(line);
        return match.Success
            ? new BicepDiagnostic(
                match.Groups["file"].Value,
                int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["level"].Value,
                match.Groups["code"].Value,
                match.Groups["message"].Value)
            : null;
    }

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[\w-]+): (?<message>.*)$")]
    private static partial Regex DiagnosticLine();
}
