namespace Orchestrator.ControlPlane.Logs;

/// <summary>How the API waits for an agent's answer to <c>pods/{name}/log</c>.</summary>
public sealed class LogOptions
{
    /// <summary>Configuration section the hosts bind.</summary>
    public const string SectionName = "Logs";

    /// <summary>How long the API waits for the agent before answering 504.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the API looks for the answer while waiting.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the agent's upload URL (and the request message) stays valid.</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest answer the standalone server takes from an agent (413 above it); blobs in Azure have no such limit.
    /// The agent's process runtime sends at most the last 8 MiB of a log.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;
}
