namespace Orchestrator.Agent.Configuration;

/// <summary>Settings of the node agent, bound from the <c>Agent</c> section and the command line.</summary>
internal sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>The control plane's base URL; needed to join, optional once a credential is stored.</summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>The node's name; null means the machine's host name made a DNS-1123 subdomain.</summary>
    public string? NodeName { get; set; }

    /// <summary>Where the credential, the last desired state, the container records and the logs live.</summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    /// <summary>A join token, used only when no credential is stored yet. Prefer <see cref="JoinTokenFile"/>: arguments show in <c>ps</c>.</summary>
    public string? JoinToken { get; set; }

    /// <summary>A file holding the join token; read at each join attempt.</summary>
    public string? JoinTokenFile { get; set; }

    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the control plane should consider the node alive after a renewal (whole seconds).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the desired pods are fetched even without a nudge.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the node status is sent when nothing in it changed.</summary>
    public TimeSpan NodeStatusInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int MaxPods { get; set; } = 110;

    /// <summary>The node's InternalIP; null means the machine's first non-loopback IPv4 address, else 127.0.0.1.</summary>
    public string? NodeAddress { get; set; }

    /// <summary>Delay before the second restart of a crashing container (the first restart is immediate).</summary>
    public TimeSpan RestartBackoffInitial { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A container that ran at least this long before exiting restarts without back-off.</summary>
    public TimeSpan RestartBackoffReset { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Upper bound on a pod's <c>terminationGracePeriodSeconds</c>; lower it for local use.</summary>
    public TimeSpan MaxTerminationGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of every call to the control plane.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Service discovery settings (<c>Agent:Services:HostsFile</c>).</summary>
    public AgentServicesOptions Services { get; set; } = new();

    internal static string DefaultStateDirectory() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "orch-agent")
            : "/var/lib/orch-agent";
}
