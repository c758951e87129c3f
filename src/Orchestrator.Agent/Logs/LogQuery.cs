namespace Orchestrator.Agent.Logs;

/// <summary>Which log a request wants, with the Kubernetes <c>pods/log</c> options.</summary>
internal sealed record LogQuery(
    string PodName,
    string PodUid,
    string Container,
    long? TailLines,
    long? SinceSeconds,
    bool Timestamps,
    bool Previous);
