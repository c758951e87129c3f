namespace Orchestrator.Agent.Identity;

/// <summary>The agent cannot start as configured; retrying would not help, so the agent stops with a clear message.</summary>
internal sealed class AgentStartupException : Exception
{
    public AgentStartupException()
    {
    }

    public AgentStartupException(string message)
        : base(message)
    {
    }

    public AgentStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
