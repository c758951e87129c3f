using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Configuration;

/// <summary>
/// <c>&lt;state&gt;/agent.json</c>: the agent's settings in the <c>Agent</c> section, written by <c>orch-agent join</c>
/// (server and node name) and read by <c>orch-agent run</c>. It lives in the state directory, so the state directory
/// alone locates everything; an operator may add any other <c>Agent</c> setting to it.
/// </summary>
internal static class AgentConfigFile
{
    public const string FileName = "agent.json";

    public static string PathIn(string stateDirectory) => Path.Combine(Path.GetFullPath(stateDirectory), FileName);

    /// <summary>The state directory named by the command line or environment, before the host is built.</summary>
    public static string StateDirectory(IConfiguration configuration)
    {
        var configured = configuration[$"{AgentOptions.SectionName}:{nameof(AgentOptions.StateDirectory)}"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? AgentOptions.DefaultStateDirectory() : configured);
    }

    /// <summary>Records the server and node name, keeping whatever else the file holds; owner-only, written atomically.</summary>
    public static void Write(string path, Uri server, string nodeName)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        if (root[AgentOptions.SectionName] is not JsonObject agent)
        {
            agent = [];
            root[AgentOptions.SectionName] = agent;
        }

        agent[nameof(AgentOptions.ServerUrl)] = server.AbsoluteUri;
        agent[nameof(AgentOptions.NodeName)] = nodeName;
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(root, AgentConfigJsonContext.Default.JsonObject));
    }
}
