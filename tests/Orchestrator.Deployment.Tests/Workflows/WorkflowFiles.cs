using Orchestrator.Testing;

namespace Orchestrator.Deployment.Tests.Workflows;

/// <summary>The repository's GitHub workflow files.</summary>
internal static class WorkflowFiles
{
    public static string Root { get; } = RepositoryRoot.Find();

    public static string Folder { get; } = Path.Combine(Root, ".github", "workflows");

    /// <summary>Every workflow, ordered by name.</summary>
    public static IReadOnlyList<string> All() =>
        Directory.EnumerateFiles(Folder)
            .Where(path => path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
