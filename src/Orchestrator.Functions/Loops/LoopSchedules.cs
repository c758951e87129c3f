namespace Orchestrator.Functions.Loops;

/// <summary>
/// NCRONTAB schedules (with seconds) of the loop timers. In Azure, writes do not wake the loops (the standalone
/// host's in-process signals cannot reach other instances), so the tick bounds how soon work starts: the loops on
/// the path from a new Deployment to a bound pod tick every 5 s; the garbage collector, which nobody waits for,
/// keeps the default 30 s of <c>LoopOptions.GarbageCollectorResyncPeriod</c>.
/// </summary>
internal static class LoopSchedules
{
    public const string EveryFiveSeconds = "*/5 * * * * *";

    public const string EveryThirtySeconds = "*/30 * * * * *";
}
