namespace Orchestrator.Testing;

/// <summary>Locates the repository checkout the tests run from.</summary>
public static class RepositoryRoot
{
    /// <summary>Walks up from the test binaries to the folder that holds <c>Orchestrator.sln</c>.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No Orchestrator.sln found in '{AppContext.BaseDirectory}' or any parent folder.");
    }
}
