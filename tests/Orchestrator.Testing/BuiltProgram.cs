namespace Orchestrator.Testing;

/// <summary>
/// Where a program of ours was built, in the configuration of the running tests. Programs run from their own output
/// folder, with their own runtime configuration, as a user runs them, not from a test project's folder.
/// </summary>
public static class BuiltProgram
{
    public static string PathOf(string project, string dll)
    {
        var configuration = new DirectoryInfo(System.IO.Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = System.IO.Path.Combine(RepositoryRoot.Find(), "src", project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first", path);
    }
}
