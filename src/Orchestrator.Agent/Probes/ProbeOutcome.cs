namespace Orchestrator.Agent.Probes;

/// <summary>One attempt of a probe: whether it succeeded, and what to say about it (the reason of a failure).</summary>
internal sealed record ProbeOutcome(bool Success, string Message)
{
    public static ProbeOutcome Succeeded(string message = "") => new(true, message);

    public static ProbeOutcome Failed(string message) => new(false, message);
}
