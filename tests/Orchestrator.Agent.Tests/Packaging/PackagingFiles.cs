using Orchestrator.Testing;

namespace Orchestrator.Agent.Tests.Packaging;

/// <summary>The agent's packaging files in the checkout, and an <c>orch-agent</c> executable standing in for the published binary.</summary>
internal static class PackagingFiles
{
    public static string LinuxDirectory => Path.Combine(RepositoryRoot.Find(), "src", "Orchestrator.Agent", "packaging", "linux");

    public static string UnitFile => Path.Combine(LinuxDirectory, "orch-agent.service");

    public static string InstallScript => Path.Combine(LinuxDirectory, "install.sh");

    public static string UninstallScript => Path.Combine(LinuxDirectory, "uninstall.sh");

    /// <summary>Writes an executable that runs the built agent, as the single-file binary would; returns its path.</summary>
    public static string WriteAgentExecutable(string directory)
    {
        var path = Path.Combine(directory, "orch-agent");
        var dll = BuiltProgram.PathOf("Orchestrator.Agent", "orch-agent.dll");
        File.WriteAllText(path, $"#!/bin/sh\nexec dotnet '{dll}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Copies the host's systemd targets into <paramref name="root"/>, so that a unit there can be verified.</summary>
    public static void ProvideSystemdTargets(string root)
    {
        var units = Path.Combine(root, "usr", "lib", "systemd", "system");
        Directory.CreateDirectory(units);
        foreach (var target in Directory.GetFiles("/usr/lib/systemd/system", "*.target"))
        {
            File.Copy(target, Path.Combine(units, Path.GetFileName(target)), overwrite: true);
        }
    }

    /// <summary><c>systemd-analyze verify</c> of a unit inside <paramref name="root"/>: its ExecStart is looked up there.</summary>
    public static Task<ScriptRun> VerifyUnitAsync(string root, string unitPath) =>
        ScriptRun.RunAsync("systemd-analyze", ["verify", "--root=" + root, unitPath]);

    /// <summary>"mode uid" of a file, as <c>stat</c> shows them.</summary>
    public static async Task<string> ModeAndOwnerAsync(string path)
    {
        var stat = await ScriptRun.RunAsync("stat", ["-c", "%a %u", path]);
        Assert.True(stat.ExitCode == 0, stat.Output);
        return stat.Output.Trim();
    }
}
