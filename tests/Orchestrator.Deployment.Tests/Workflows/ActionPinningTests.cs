using System.Text.RegularExpressions;

namespace Orchestrator.Deployment.Tests.Workflows;

/// <summary>Every action a workflow uses is pinned to a commit, with the version it is in a comment for Dependabot.</summary>
public sealed partial class ActionPinningTests
{
    [Fact]
    public void Uses_EveryStepAndJob_PinnedToFullCommitShaWithVersionComment()
    {
        var unpinned = new List<string>();
        var pinned = 0;
        foreach (var path in WorkflowFiles.All())
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var uses = UsesLine().Match(lines[i]);
                if (!uses.Success)
                {
                    continue;
                }

                var reference = uses.Groups["reference"].Value;
                if (reference.StartsWith("./", StringComparison.Ordinal))
                {
                    continue; // an action of this repository: same commit as the workflow
                }

                if (PinnedReference().IsMatch(reference) && uses.Groups["version"].Success)
                {
                    pinned++;
                }
                else
                {
                    unpinned.Add($"{Path.GetFileName(path)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(unpinned.Count == 0,
            "Pin each action to a full 40-character commit SHA with its version in a trailing comment " +
            "(uses: owner/action@<sha> # v1.2.3):\n" + string.Join('\n', unpinned));
        Assert.True(pinned > 0, "No `uses:` found in .github/workflows.");
    }

    [GeneratedRegex(@"^\s*(-\s+)?uses:\s*['""]?(?<reference>[^\s'""#]+)['""]?\s*(#\s*(?<version>v?\d+(\.\d+)*\S*))?\s*$")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedReference();
}
