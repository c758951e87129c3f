namespace Orchestrator.Agent.Configuration;

/// <summary>What <c>orch-agent</c> was asked to do.</summary>
internal enum AgentVerb
{
    Unknown,
    Run,
    Join,
    Help,
    Version,
}
