namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>Turns a Bicep CLI run into the list of things wrong with it, for one assertion with a readable message.</summary>
internal static class BicepFindings
{
    /// <summary>A failed exit code, every error, every warning or info not in <see cref="AcceptedDiagnostic.All"/>,
    /// and any other line printed (a successful build prints nothing).</summary>
    public static IReadOnlyList<string> Unaccepted(ToolRun run)
    {
        var findings = new List<string>();
        foreach (var line in run.Lines)
        {
            var diagnostic = BicepDiagnostic.Parse(line);
            if (diagnostic is null || !AcceptedDiagnostic.All.Any(a => a.Covers(diagnostic)))
            {
                findings.Add(line);
            }
        }

        if (run.ExitCode != 0)
        {
            findings.Add($"exit code {run.ExitCode}");
        }

        return findings;
    }
}
