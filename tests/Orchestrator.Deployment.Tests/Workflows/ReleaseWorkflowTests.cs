namespace Orchestrator.Deployment.Tests.Workflows;

/// <summary>The release workflow builds through the same script anyone can run here.</summary>
public sealed class ReleaseWorkflowTests
{
    [Fact]
    public void BuildJob_Steps_CallScriptsReleaseBuild()
    {
        var build = JobBlock(File.ReadAllLines(Path.Combine(WorkflowFiles.Folder, "release.yml")), "build");

        Assert.Contains(build, line => line.TrimStart().StartsWith("run: scripts/release-build ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReleaseBuild_NotAVersion_ExitsWithUsageErrorBeforeBuilding()
    {
        var run = await ToolRun.StartAsync(WorkflowFiles.Root, "bash", null, Path.Combine(WorkflowFiles.Root, "scripts", "release-build"), "release-one");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'release-one' is not a version", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(WorkflowFiles.Root, "artifacts", "release", "release-one")));
    }

    /// <summary>The lines of one job under <c>jobs:</c>, from its key to the next job's.</summary>
    private static List<string> JobBlock(string[] lines, string job)
    {
        var jobs = Array.IndexOf(lines, "jobs:");
        Assert.True(jobs >= 0, "release.yml has no top-level jobs:");
        var start = Array.IndexOf(lines, $"  {job}:", jobs);
        Assert.True(start >= 0, $"release.yml has no job '{job}'");

        var block = new List<string>();
        for (var i = start + 1; i < lines.Length && (lines[i].Length == 0 || lines[i].StartsWith("   ", StringComparison.Ordinal)); i++)
        {
            block.Add(lines[i]);
        }

        return block;
    }
}
