using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>Checks <see cref="LoopOptions"/> at start.</summary>
public sealed class LoopOptionsValidator : IValidateOptions<LoopOptions>
{
    public ValidateOptionsResult Validate(string? name, LoopOptions options)
    {
        var failures = new List<string>();
        Check(options.ControllerResyncPeriod, nameof(options.ControllerResyncPeriod));
        Check(options.SchedulerResyncPeriod, nameof(options.SchedulerResyncPeriod));
        Check(options.NodeMonitorPeriod, nameof(options.NodeMonitorPeriod));
        Check(options.NodeGracePeriod, nameof(options.NodeGracePeriod));
        Check(options.GarbageCollectorResyncPeriod, nameof(options.GarbageCollectorResyncPeriod));
        Check(options.EventExpiryPeriod, nameof(options.EventExpiryPeriod));
        Check(options.TaintEvictionPeriod, nameof(options.TaintEvictionPeriod));
        Check(options.ChangeRetention, nameof(options.ChangeRetention));
        Check(options.ChangeCompactionPeriod, nameof(options.ChangeCompactionPeriod));
        if (options.NodeGracePeriod <= options.NodeMonitorPeriod)
        {
            // Leases are only checked every monitor period; a shorter grace would mark healthy nodes Unknown.
            failures.Add($"{nameof(options.NodeGracePeriod)} must be longer than {nameof(options.NodeMonitorPeriod)}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(TimeSpan value, string field)
        {
            if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromHours(1))
            {
                failures.Add($"{field} must be between 100 ms and 1 h.");
            }
        }
    }
}
