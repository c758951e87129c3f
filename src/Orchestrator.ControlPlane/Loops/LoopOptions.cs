namespace Orchestrator.ControlPlane.Loops;

/// <summary>Periods of the loops and the node grace period.</summary>
public sealed class LoopOptions
{
    /// <summary>How often the deployment and replicaset controllers revisit every object without being nudged.</summary>
    public TimeSpan ControllerResyncPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the scheduler looks for pending pods without being nudged.</summary>
    public TimeSpan SchedulerResyncPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often node leases are checked.</summary>
    public TimeSpan NodeMonitorPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How old a node's lease may be before the node is marked <c>Ready=Unknown</c> (Kubernetes: 40 s).</summary>
    public TimeSpan NodeGracePeriod { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the garbage collector looks for deleted owners without being nudged.</summary>
    public TimeSpan GarbageCollectorResyncPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
