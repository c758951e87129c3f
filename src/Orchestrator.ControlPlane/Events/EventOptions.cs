namespace Orchestrator.ControlPlane.Events;

/// <summary>How long Events are kept.</summary>
public sealed class EventOptions
{
    /// <summary>Configuration section the hosts bind.</summary>
    public const string SectionName = "Events";

    /// <summary>
    /// How long an Event is kept after it last happened before it is deleted (kube-apiserver's <c>--event-ttl</c>,
    /// one hour by default).
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);
}
