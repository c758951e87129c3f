namespace Orchestrator.Messaging.ServiceBus;

/// <summary>
/// Settings of the Service Bus node channel that the storage-queue channel has no counterpart for. The queue prefix,
/// grant lifetime, poll interval and nudge time-to-live stay in <see cref="NodeChannelOptions"/>.
/// </summary>
public sealed class ServiceBusNodeChannelOptions
{
    /// <summary>AMQP over WebSockets (port 443) instead of AMQP (port 5671), for firewalls that only allow 443.</summary>
    public bool UseWebSockets { get; set; }

    /// <summary>How long a node queue remembers message ids to drop a resent copy; set when the queue is created.</summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a received message stays locked to the agent before Service Bus delivers it again.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most messages one receive returns.</summary>
    public int MaxMessagesPerReceive { get; set; } = 32;
}
