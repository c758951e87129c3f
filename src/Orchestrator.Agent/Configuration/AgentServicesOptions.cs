namespace Orchestrator.Agent.Configuration;

/// <summary>Settings of the agent's Service discovery (<c>Agent:Services</c>).</summary>
internal sealed class AgentServicesOptions
{
    /// <summary>
    /// A hosts file in which the agent keeps a managed block of Service names for host processes (<c>/etc/hosts</c> on
    /// a dedicated node); null (the default) leaves every hosts file alone.
    /// </summary>
    public string? HostsFile { get; set; }
}
