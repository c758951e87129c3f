using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Packaging;

/// <summary>The systemd unit as written, checked by systemd itself.</summary>
public sealed class UnitFileTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Verify_UnitWithItsBinaryInPlace_ReportsNothing()
    {
        var unit = Place(withBinary: true);

        var verify = await PackagingFiles.VerifyUnitAsync(_root.Path, unit);

        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, $"systemd-analyze verify ({verify.ExitCode}):\n{verify.Output}");
    }

    [Fact]
    public async Task Verify_UnitWithoutItsBinary_ReportsTheMissingCommand()
    {
        // Proves the check above looks at the unit: the same verify fails when ExecStart cannot run.
        var unit = Place(withBinary: false);

        var verify = await PackagingFiles.VerifyUnitAsync(_root.Path, unit);

        Assert.Contains("/usr/local/bin/orch-agent is not executable", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_AsWritten_NotifiesReadinessRestartsAlwaysAndStopsTheAgentAlone()
    {
        var lines = File.ReadAllLines(PackagingFiles.UnitFile).Select(line => line.Trim()).ToList();

        Assert.Contains("Type=notify", lines);
        Assert.Contains("Restart=always", lines);
        Assert.Contains("After=network-online.target docker.service", lines);
        // control-group (the default) would kill the process runtime's workloads with the agent.
        Assert.Contains("KillMode=process", lines);
        Assert.Contains("ExecStart=/usr/local/bin/orch-agent run --state-dir /var/lib/orch-agent", lines);
    }

    private string Place(bool withBinary)
    {
        PackagingFiles.ProvideSystemdTargets(_root.Path);
        var units = Directory.CreateDirectory(Path.Combine(_root.Path, "etc", "systemd", "system")).FullName;
        var unit = Path.Combine(units, "orch-agent.service");
        File.Copy(PackagingFiles.UnitFile, unit);
        if (withBinary)
        {
            PackagingFiles.WriteAgentExecutable(Directory.CreateDirectory(Path.Combine(_root.Path, "usr", "local", "bin")).FullName);
        }

        return unit;
    }
}
