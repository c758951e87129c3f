namespace Orchestrator.Agent.Logs;

/// <summary>The text of a log, or why there is none (shown to the user as a 400, as Kubernetes does).</summary>
internal sealed record LogReadResult(bool Succeeded, string Text)
{
    public static LogReadResult Ok(string text) => new(true, text);

    public static LogReadResult Error(string message) => new(false, message);
}
