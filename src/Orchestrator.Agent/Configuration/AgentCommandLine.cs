namespace Orchestrator.Agent.Configuration;

/// <summary>The agent's command-line switches, mapped onto the <c>Agent</c> configuration section.</summary>
internal static class AgentCommandLine
{
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--server"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.ServerUrl)}",
        ["--node-name"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.NodeName)}",
        ["--state-dir"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.StateDirectory)}",
        ["--join-token"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.JoinToken)}",
        ["--join-token-file"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.JoinTokenFile)}",
    };
}
