namespace Orchestrator.Core.Objects;

/// <summary>A pause, as a lifecycle hook.</summary>
public sealed class SleepAction
{
    public long Seconds { get; set; }
}
