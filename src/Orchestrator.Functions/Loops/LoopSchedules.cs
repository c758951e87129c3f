namespace Orchestrator.Functions.Loops;

/// <summary>
/// NCRONTAB schedule (with seconds) of the loop timers (docs/adr/0003). In Azure, writes do not wake the loops (the
/// standalone host's in-process signals cannot reach other instances), so the tick bounds how soon work starts; the
/// loops' own <c>ResyncPeriod</c> paces the standalone host only.
/// </summary>
internal static class LoopSchedules
{
    public const string EveryFiveSeconds = "*/5 * * * * *";

    /// <summary>For housekeeping that no request waits on (event expiry, change-log compaction): at second 0 of every minute.</summary>
    public const string EveryMinute = "0 * * * * *";
}
