namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>A warning or info finding the templates keep on purpose, with the reason it is kept.</summary>
internal sealed record AcceptedDiagnostic(string FileName, string Code, string Reason)
{
    /// <summary>
    /// Every finding that does not fail the tests. Errors are never accepted. Empty today: every template builds and
    /// lints without a finding; add an entry only with a reason a reviewer can check.
    /// </summary>
    public static IReadOnlyList<AcceptedDiagnostic> All { get; } = [];

    public bool Covers(BicepDiagnostic diagnostic) =>
        diagnostic.Level != "Error"
        && string.Equals(Code, diagnostic.Code, StringComparison.Ordinal)
        && string.Equals(FileName, Path.GetFileName(diagnostic.File), StringComparison.Ordinal);
}
