using System.Text.Json;
using Orchestrator.Agent.Tests.EndToEnd;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Packaging;

/// <summary><c>orch-agent join</c> and <c>orch-agent run</c> as an installer and a service manager call them.</summary>
public sealed class JoinVerbTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly LoopbackControlPlane _server = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private string StateDirectory => Path.Combine(_temp.Path, "state");

    [Fact]
    public async Task Join_WithValidToken_WritesOwnerOnlySettingsAndCredentialAndExitsZero()
    {
        using var join = Join("--token", LoopbackControlPlane.JoinToken);

        var exitCode = await join.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{join.Output}");
        Assert.Contains("Joined " + _server.Url + " as node node-1", join.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackControlPlane.JoinToken, join.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackControlPlane.NodeToken, join.Output, StringComparison.Ordinal);
        var settings = Path.Combine(StateDirectory, "agent.json");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(settings));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(StateDirectory, "credential.json")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(settings));
        var agent = json.RootElement.GetProperty("Agent");
        Assert.Equal(_server.Url.ToString(), agent.GetProperty("ServerUrl").GetString());
        Assert.Equal("node-1", agent.GetProperty("NodeName").GetString());
        Assert.Equal(1, _server.Count("POST /agent/v1/join"));
    }

    [Fact]
    public async Task Join_WithRejectedToken_ExitsOneWithOneLineErrorAndWritesNoCredential()
    {
        using var join = Join("--token", "not-the-token");

        var exitCode = await join.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(join.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("orch-agent: joining " + _server.Url + " failed:", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(StateDirectory, "credential.json")));
        Assert.False(File.Exists(Path.Combine(StateDirectory, "agent.json")));
    }

    [Fact]
    public async Task Join_WhenAlreadyJoined_SucceedsWithoutTokenAndDoesNotJoinAgain()
    {
        using (var first = Join("--token", LoopbackControlPlane.JoinToken))
        {
            Assert.Equal(0, await first.WaitForExitAsync(ExitTimeout));
        }

        using var second = Join();
        var exitCode = await second.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{second.Output}");
        Assert.Equal(1, _server.Count("POST /agent/v1/join"));
    }

    [Fact]
    public async Task Join_WithoutServerOrCredential_ExitsOneNamingTheMissingServer()
    {
        using var join = new AgentProcess("join", "--token", LoopbackControlPlane.JoinToken, "--state-dir", StateDirectory);

        var exitCode = await join.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("no server is configured", join.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AfterJoin_TakesServerAndNodeNameFromTheWrittenSettings()
    {
        using (var join = Join("--token", LoopbackControlPlane.JoinToken))
        {
            Assert.Equal(0, await join.WaitForExitAsync(ExitTimeout));
        }

        // As the unit starts it: the state directory and nothing else about the server or the node.
        using var agent = new AgentProcess(
            "run", "--state-dir", StateDirectory, "--Agent:LeaseInterval=00:00:01", "--Agent:LeaseDuration=00:00:05", "--Agent:ResyncInterval=00:00:01");
        await Eventually.TrueAsync(() => _server.Count("PUT /agent/v1/nodes/node-1/lease") >= 1, () => "the agent renews its lease\n" + agent.Output, TimeSpan.FromSeconds(30));

        var exitCode = await agent.TerminateAsync();
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{agent.Output}");
        Assert.Equal(1, _server.Count("POST /agent/v1/join"));
    }

    [Fact]
    public async Task Version_Asked_PrintsTheVersionAndExitsZero()
    {
        using var version = new AgentProcess("--version");

        Assert.Equal(0, await version.WaitForExitAsync(ExitTimeout));
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output.Trim());
    }

    [Fact]
    public async Task UnknownVerb_Given_ExitsTwoWithUsage()
    {
        using var agent = new AgentProcess("frobnicate");

        Assert.Equal(2, await agent.WaitForExitAsync(ExitTimeout));
        Assert.Contains("unknown command 'frobnicate'", agent.Output, StringComparison.Ordinal);
        Assert.Contains("orch-agent join --server URL", agent.Output, StringComparison.Ordinal);
    }

    private AgentProcess Join(params string[] extra) =>
        new(["join", "--server", _server.Url.ToString(), "--node-name", "node-1", "--state-dir", StateDirectory, .. extra]);
}
