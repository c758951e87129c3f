using Orchestrator.Testing;

namespace Orchestrator.Deployment.Tests.Bicep;

/// <summary>The repository's Bicep templates and parameter files.</summary>
internal static class BicepFiles
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Find(), "bicep");

    public static string MainTemplate { get; } = Path.Combine(Folder, "main.bicep");

    public static string MainParameters { get; } = Path.Combine(Folder, "main.bicepparam");

    /// <summary>Every .bicep and .bicepparam file under bicep/, as paths relative to it, ordered.</summary>
    public static IReadOnlyList<string> All(string extension) =>
        Directory.EnumerateFiles(Folder, "*" + extension, SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Folder, path))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> Templates() => [.. All(".bicep")];

    public static TheoryData<string> ParameterFiles() => [.. All(".bicepparam")];
}
