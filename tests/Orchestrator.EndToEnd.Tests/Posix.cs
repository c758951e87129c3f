using System.Runtime.InteropServices;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>The few POSIX calls the test needs to act on processes as a user would with <c>kill</c>.</summary>
internal static class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    public static string CommandLine(int pid) =>
        File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim() : "";

    public static void Kill(int pid, int signal) => _ = KillNative(pid, signal);

    public static bool IsRoot => GetEffectiveUserId() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int signal);
}
