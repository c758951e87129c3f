namespace Orchestrator.Fleet.Footprint;

/// <summary>The footprint of one real idle agent process and the size of its release build.</summary>
/// <param name="SingleFileBytes">Size of the self-contained single-file <c>orch-agent</c> as the release publishes it.</param>
/// <param name="RssMiBAverage">Mean resident set size over the window, sampled every second.</param>
/// <param name="RssMiBMax">Largest resident set size seen in the window.</param>
/// <param name="CpuPercent">User plus system CPU time over the window as a percentage of one core.</param>
/// <param name="Window">The time actually sampled.</param>
/// <param name="Runtime">The runtime identifier the agent was published for.</param>
internal sealed record AgentFootprintResult(
    long SingleFileBytes,
    double RssMiBAverage,
    double RssMiBMax,
    double CpuPercent,
    TimeSpan Window,
    string Runtime);
