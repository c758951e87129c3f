namespace Orchestrator.Agent.Services;

/// <summary>
/// What a container learns about the Services when it starts: Kubernetes' service environment variables and, for
/// Docker containers, host entries (<c>name:clusterIP</c>).
/// </summary>
internal sealed record ServiceLinks(IReadOnlyList<KeyValuePair<string, string>> Environment, IReadOnlyList<string> ExtraHosts)
{
    public static ServiceLinks None { get; } = new([], []);
}
