namespace Orchestrator.Core.Channels;

/// <summary>
/// How an agent marks its answer to a <see cref="LogRequest"/>: as blob metadata when it uploads to a blob, as a query
/// parameter when it uploads to the standalone server. One definition for the agent and the control plane.
/// </summary>
public static class LogAnswerFormat
{
    /// <summary>Metadata key (blob) or query parameter (server) carrying <see cref="Ok"/> or <see cref="Error"/>.</summary>
    public const string OutcomeKey = "outcome";

    /// <summary>The body is the log text.</summary>
    public const string Ok = "ok";

    /// <summary>The body is a message saying why there is no log (such as no previous run).</summary>
    public const string Error = "error";
}
