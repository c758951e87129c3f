using System.Text;

namespace Orchestrator.Agent.Identity;

/// <summary>What the agent keeps after joining: the server, its node's name, and the node's own token.</summary>
internal sealed record NodeCredential(Uri Server, string NodeName, string Token)
{
    // Records print every member; the token must never reach a log.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Server = ").Append(Server).Append(", NodeName = ").Append(NodeName).Append(", Token = ***");
        return true;
    }
}
