namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>The exit code of one Bicep CLI run and everything it printed.</summary>
internal sealed record BicepRun(int ExitCode, string Output)
{
    /// <summary>The printed lines, diagnostics or not, without blank lines.</summary>
    public IReadOnlyList<string> Lines { get; } =
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
