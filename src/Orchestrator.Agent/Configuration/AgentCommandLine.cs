using System.Reflection;

namespace Orchestrator.Agent.Configuration;

/// <summary>The agent's verbs and command-line switches; the switches map onto the <c>Agent</c> configuration section.</summary>
internal static class AgentCommandLine
{
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--server"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.ServerUrl)}",
        ["--node-name"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.NodeName)}",
        ["--state-dir"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.StateDirectory)}",
        ["--join-token"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.JoinToken)}",
        ["--join-token-file"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.JoinTokenFile)}",
        ["--token"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.JoinToken)}",
        ["--token-file"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.JoinTokenFile)}",
    };

    public const string Usage = """
        Usage:
          orch-agent join --server URL (--token TOKEN | --token-file FILE) [--node-name NAME] [--state-dir DIR]
              Joins the control plane once, writes DIR/agent.json and DIR/credential.json (owner-only), and exits.
              The token may also come from the environment variable Agent__JoinToken (not visible in ps).
          orch-agent run [--state-dir DIR] [--server URL] [--node-name NAME] [--join-token-file FILE]
              Runs the agent (the default when no verb is given), with the settings of DIR/agent.json.
          orch-agent --version | --help

        DIR defaults to /var/lib/orch-agent (Linux) or %ProgramData%\orch-agent (Windows).
        Any setting can also be given as --Agent:Name=value or the environment variable Agent__Name.

        """;

    /// <summary>The informational version of the agent; read from an attribute, so it works in a single-file build.</summary>
    public static string Version =>
        typeof(AgentCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Splits the verb off the arguments; without a verb (no arguments, or a switch first) the verb is <c>run</c>.</summary>
    public static (AgentVerb Verb, string[] Arguments) Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("--help" or "-h" or "--version")))
        {
            return (AgentVerb.Run, args);
        }

        var verb = args[0] switch
        {
            "run" => AgentVerb.Run,
            "join" => AgentVerb.Join,
            "help" or "--help" or "-h" => AgentVerb.Help,
            "version" or "--version" => AgentVerb.Version,
            _ => AgentVerb.Unknown,
        };
        return (verb, args[1..]);
    }
}
