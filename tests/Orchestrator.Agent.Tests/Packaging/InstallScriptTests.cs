using Orchestrator.Agent.Tests.EndToEnd;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Packaging;

/// <summary>install.sh and uninstall.sh in a throwaway root (<c>--root</c>), against a loopback control plane; the host stays as it was.</summary>
public sealed class InstallScriptTests : IDisposable
{
    private static readonly string[] HostPaths =
    [
        "/usr/local/bin/orch-agent",
        "/etc/systemd/system/orch-agent.service",
        "/etc/systemd/system/multi-user.target.wants/orch-agent.service",
        "/usr/lib/sysusers.d/orch-agent.conf",
        "/var/lib/orch-agent",
    ];

    private readonly LoopbackControlPlane _server = new();
    private readonly TempDirectory _temp = new();
    private readonly string _root;
    private readonly string _binary;

    public InstallScriptTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_temp.Path, "root")).FullName;
        _binary = PackagingFiles.WriteAgentExecutable(Directory.CreateDirectory(Path.Combine(_temp.Path, "dist")).FullName);
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Install_IntoThrowawayRoot_InstallsJoinsAndEnablesWithOwnerOnlyState()
    {
        var hostBefore = HostSnapshot();

        var install = await InstallAsync(LoopbackControlPlane.JoinToken);

        Assert.True(install.ExitCode == 0, install.Output);
        Assert.DoesNotContain(LoopbackControlPlane.JoinToken, install.Output, StringComparison.Ordinal);
        var uid = AccountId();
        Assert.Equal("755 0", await PackagingFiles.ModeAndOwnerAsync(InRoot("usr/local/bin/orch-agent")));
        Assert.Equal("644 0", await PackagingFiles.ModeAndOwnerAsync(InRoot("etc/systemd/system/orch-agent.service")));
        Assert.Equal(await File.ReadAllTextAsync(PackagingFiles.UnitFile), await File.ReadAllTextAsync(InRoot("etc/systemd/system/orch-agent.service")));
        Assert.Equal("/etc/systemd/system/orch-agent.service", new FileInfo(InRoot("etc/systemd/system/multi-user.target.wants/orch-agent.service")).LinkTarget);
        Assert.Equal($"700 {uid}", await PackagingFiles.ModeAndOwnerAsync(InRoot("var/lib/orch-agent")));
        Assert.Equal($"600 {uid}", await PackagingFiles.ModeAndOwnerAsync(InRoot("var/lib/orch-agent/credential.json")));
        Assert.Equal($"600 {uid}", await PackagingFiles.ModeAndOwnerAsync(InRoot("var/lib/orch-agent/agent.json")));
        Assert.Equal(1, _server.Count("POST /agent/v1/join"));
        Assert.Equal(hostBefore, HostSnapshot());

        // The unit as installed, with the binary it names, passes systemd's own check.
        PackagingFiles.ProvideSystemdTargets(_root);
        var verify = await PackagingFiles.VerifyUnitAsync(_root, InRoot("etc/systemd/system/orch-agent.service"));
        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, $"systemd-analyze verify ({verify.ExitCode}):\n{verify.Output}");
    }

    [Fact]
    public async Task Install_WithRejectedToken_FailsBeforeInstallingTheUnit()
    {
        var install = await InstallAsync("not-the-token");

        Assert.NotEqual(0, install.ExitCode);
        Assert.Contains("orch-agent: joining", install.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(InRoot("etc/systemd/system/orch-agent.service")));
        Assert.False(File.Exists(InRoot("var/lib/orch-agent/credential.json")));
    }

    [Fact]
    public async Task Install_RunAgain_UpgradesWithoutJoiningAgain()
    {
        Assert.Equal(0, (await InstallAsync(LoopbackControlPlane.JoinToken)).ExitCode);

        var again = await ScriptRun.RunAsync("bash", [PackagingFiles.InstallScript, "--root", _root, "--binary", _binary]);

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(1, _server.Count("POST /agent/v1/join"));
        Assert.Equal($"600 {AccountId()}", await PackagingFiles.ModeAndOwnerAsync(InRoot("var/lib/orch-agent/agent.json")));
    }

    [Fact]
    public async Task Uninstall_AfterInstall_RemovesUnitBinaryAndAccountButKeepsState()
    {
        Assert.Equal(0, (await InstallAsync(LoopbackControlPlane.JoinToken)).ExitCode);
        var hostBefore = HostSnapshot();

        var uninstall = await ScriptRun.RunAsync("bash", [PackagingFiles.UninstallScript, "--root", _root]);

        Assert.True(uninstall.ExitCode == 0, uninstall.Output);
        Assert.False(File.Exists(InRoot("usr/local/bin/orch-agent")));
        Assert.False(File.Exists(InRoot("etc/systemd/system/orch-agent.service")));
        Assert.Null(new FileInfo(InRoot("etc/systemd/system/multi-user.target.wants/orch-agent.service")).LinkTarget);
        Assert.DoesNotContain("orch-agent:", await File.ReadAllTextAsync(InRoot("etc/passwd")), StringComparison.Ordinal);
        Assert.DoesNotContain("orch-agent:", await File.ReadAllTextAsync(InRoot("etc/group")), StringComparison.Ordinal);
        Assert.True(File.Exists(InRoot("var/lib/orch-agent/credential.json")));
        Assert.Equal(hostBefore, HostSnapshot());
    }

    [Fact]
    public async Task Uninstall_WithPurge_RemovesTheStateToo()
    {
        Assert.Equal(0, (await InstallAsync(LoopbackControlPlane.JoinToken)).ExitCode);

        var uninstall = await ScriptRun.RunAsync("bash", [PackagingFiles.UninstallScript, "--root", _root, "--purge"]);

        Assert.True(uninstall.ExitCode == 0, uninstall.Output);
        Assert.False(Directory.Exists(InRoot("var/lib/orch-agent")));
    }

    private Task<ScriptRun> InstallAsync(string token) =>
        ScriptRun.RunAsync(
            "bash",
            [PackagingFiles.InstallScript, "--root", _root, "--binary", _binary, "--server", _server.Url.ToString(), "--node-name", "node-1"],
            new Dictionary<string, string> { ["ORCH_JOIN_TOKEN"] = token });

    private string InRoot(string relative) => Path.Combine(_root, relative);

    private string AccountId()
    {
        var entry = File.ReadAllLines(InRoot("etc/passwd")).Single(line => line.StartsWith("orch-agent:", StringComparison.Ordinal));
        return entry.Split(':')[2];
    }

    /// <summary>What an install on the host would change: the installed paths and the account databases.</summary>
    private static string HostSnapshot() =>
        string.Join('\n', HostPaths.Select(path => $"{path}={Path.Exists(path) || new FileInfo(path).LinkTarget is not null}"))
        + "\n" + File.ReadAllText("/etc/passwd") + File.ReadAllText("/etc/group");
}
