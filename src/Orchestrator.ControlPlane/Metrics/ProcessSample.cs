using System.Diagnostics;

namespace Orchestrator.ControlPlane.Metrics;

/// <summary>What this process has used: CPU time, resident memory, and when it started (Unix seconds).</summary>
internal sealed record ProcessSample(double CpuSeconds, long ResidentMemoryBytes, double StartTimeSeconds)
{
    public static ProcessSample Current()
    {
        using var process = Process.GetCurrentProcess();
        var started = new DateTimeOffset(process.StartTime.ToUniversalTime());
        return new ProcessSample(
            process.TotalProcessorTime.TotalSeconds,
            process.WorkingSet64,
            started.ToUnixTimeMilliseconds() / 1000.0);
    }
}
