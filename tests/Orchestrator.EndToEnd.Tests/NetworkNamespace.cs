namespace Orchestrator.EndToEnd.Tests;

/// <summary>One network namespace of <see cref="NetworkNamespaces"/>: its name and its address on the test's bridge.</summary>
internal sealed record NetworkNamespace(string Name, string Address)
{
    /// <summary>Runs a program inside the namespace: <c>ip netns exec</c> execs it, so its pid is the program's.</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Name];
}
