namespace Orchestrator.ControlPlane.Logs;

/// <summary>
/// How an answer is marked in blob metadata; the agent writes the same names (it cannot reference this assembly,
/// so <c>Orchestrator.Agent.Logs.LogUploader</c> repeats them).
/// </summary>
public static class LogAnswerFormat
{
    /// <summary>Metadata key carrying <see cref="Ok"/> or <see cref="Error"/>.</summary>
    public const string OutcomeKey = "outcome";

    /// <summary>The body is the log text.</summary>
    public const string Ok = "ok";

    /// <summary>The body is a message saying why there is no log (such as no previous run).</summary>
    public const string Error = "error";
}
