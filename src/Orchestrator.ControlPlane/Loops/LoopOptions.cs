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

    /// <summary>
    /// How old a node's lease may be before the node is marked <c>Ready=Unknown</c> and tainted unreachable
    /// (Kubernetes: 40 s). Must exceed the agents' lease interval (10 s by default).
    /// </summary>
    public TimeSpan NodeGracePeriod { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// How often the taint-eviction controller looks for pods whose toleration ran out; an eviction happens at most
    /// this late (standalone host; in Azure the loop's timer ticks every 5 s).
    /// </summary>
    public TimeSpan TaintEvictionPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the garbage collector looks for deleted owners without being nudged.</summary>
    public TimeSpan GarbageCollectorResyncPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often Events older than <c>EventOptions.Ttl</c> are deleted; an Event lives at most this much longer.</summary>
    public TimeSpan EventExpiryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the change log keeps a change (etcd compacts after 5 minutes by default): a watch or cache that falls
    /// further behind must list again.
    /// </summary>
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often changes older than <see cref="ChangeRetention"/> are removed; one lives at most this much longer.</summary>
    public TimeSpan ChangeCompactionPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
