using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Channels;

namespace Orchestrator.Messaging.ServiceBus;

/// <summary>
/// The agent's side of a Service Bus channel. It holds only the grant's SAS token (Listen on its node's queue),
/// receives in peek-lock mode, completes what it hands over, dead-letters what it cannot parse, and gives back
/// (abandons) what it could not hand over. Lost locks only cause a redelivery, which level-triggered nudges tolerate.
/// </summary>
public sealed partial class ServiceBusNodeChannelReceiver : INodeChannelReceiver, IAsyncDisposable, IDisposable
{
    /// <summary>How many times one receive tries when Service Bus reports a transient error.</summary>
    public const int MaxReceiveAttempts = 3;

    internal const string MalformedReason = "MalformedMessage";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly ServiceBusClient _client;
    private readonly ServiceBusReceiver _receiver;
    private readonly NodeChannelOptions _options;
    private readonly ServiceBusNodeChannelOptions _serviceBusOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the receiver from a <c>service-bus</c> grant; nothing connects until the first receive.</summary>
    public ServiceBusNodeChannelReceiver(
        NodeChannelGrant grant,
        NodeChannelOptions options,
        ServiceBusNodeChannelOptions serviceBusOptions,
        TimeProvider timeProvider,
        ILogger logger)
        : this(ClientFor(grant, serviceBusOptions, out var queueName), queueName, options, serviceBusOptions, timeProvider, logger)
    {
    }

    internal ServiceBusNodeChannelReceiver(
        ServiceBusClient client,
        string queueName,
        NodeChannelOptions options,
        ServiceBusNodeChannelOptions serviceBusOptions,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serviceBusOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        NodeChannelOptionsValidator.EnsureValid(options);
        ServiceBusNodeChannelOptionsValidator.EnsureValid(serviceBusOptions);

        _client = client;
        _receiver = client.CreateReceiver(
            queueName,
            new ServiceBusReceiverOptions
            {
                ReceiveMode = ServiceBusReceiveMode.PeekLock,

                // Prefetched messages' locks run out while they wait; a nudge is cheap to fetch when needed.
                PrefetchCount = 0,
            });
        QueueName = queueName;
        _options = options;
        _serviceBusOptions = serviceBusOptions;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The node's queue this receiver reads (a name, no credential).</summary>
    public string QueueName { get; }

    /// <summary>The transport in use (AMQP, or AMQP over WebSockets).</summary>
    internal ServiceBusTransportType TransportType => _client.TransportType;

    public async Task<IReadOnlyList<NodeMessage>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var received = await ReceiveLockedAsync(cancellationToken);
        if (received.Count == 0)
        {
            return [];
        }

        var messages = new List<NodeMessage>(received.Count);
        var settled = 0;
        try
        {
            foreach (var message in received)
            {
                if (TryParse(message) is { } parsed)
                {
                    // A caller that gave up cannot take the message: give it back rather than complete it.
                    cancellationToken.ThrowIfCancellationRequested();
                    await SettleAsync(message, "complete", () => _receiver.CompleteMessageAsync(message, cancellationToken));
                    messages.Add(parsed);
                }
                else
                {
                    // It would never parse on a later delivery either; kept in the dead-letter queue for inspection.
                    await SettleAsync(
                        message,
                        "dead-letter",
                        () => _receiver.DeadLetterMessageAsync(
                            message,
                            MalformedReason,
                            "Not a node channel message this agent understands.",
                            cancellationToken));
                }

                settled++;
            }
        }
        catch (Exception ex) when (ex is not ChannelGrantExpiredException)
        {
            // The batch could not be handed over: what is still locked goes back now instead of when its lock expires.
            Log.HandOverFailed(_logger, QueueName, received.Count - settled, ex);
            await AbandonAsync(received.Skip(settled));
            throw;
        }

        return messages;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    /// <summary>Closes the connection; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => _client.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static ServiceBusClient ClientFor(NodeChannelGrant grant, ServiceBusNodeChannelOptions options, out string queueName)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(options);
        ServiceBusNodeChannelOptionsValidator.EnsureValid(options);
        if (grant.Kind != NodeChannelKinds.ServiceBus)
        {
            throw new ArgumentException($"Grant kind '{grant.Kind}' is not '{NodeChannelKinds.ServiceBus}'.", nameof(grant));
        }

        // Never echo the address: it carries the credential.
        if (!ServiceBusGrantAddress.TryParse(grant.Address, out queueName))
        {
            throw new ArgumentException(
                "The grant's address must be a Service Bus connection string with a SAS token and an entity path.",
                nameof(grant));
        }

        return new ServiceBusClient(grant.Address, ServiceBusClientSettings.Create(options));
    }

    private async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveLockedAsync(CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Service Bus holds the call open until a message arrives or the poll interval passes.
                return await _receiver.ReceiveMessagesAsync(
                    _serviceBusOptions.MaxMessagesPerReceive,
                    _options.PollInterval,
                    cancellationToken);
            }
            catch (Exception ex) when (IsGrantRejected(ex))
            {
                throw GrantRejected(ex);
            }
            catch (ServiceBusException ex) when (ex.IsTransient && attempt < MaxReceiveAttempts)
            {
                Log.TransientReceiveFailure(_logger, QueueName, attempt, delay, ex);
                await Task.Delay(delay, _timeProvider, cancellationToken);
                delay *= 2;
            }
        }
    }

    private NodeMessage? TryParse(ServiceBusReceivedMessage message)
    {
        try
        {
            if (NodeMessageCodec.Deserialize(message.Body.ToMemory().Span) is { } parsed)
            {
                return parsed;
            }

            Log.MalformedMessage(_logger, message.MessageId, message.DeliveryCount, null);
        }
        catch (JsonException ex)
        {
            Log.MalformedMessage(_logger, message.MessageId, message.DeliveryCount, ex);
        }

        return null;
    }

    private async Task SettleAsync(ServiceBusReceivedMessage message, string action, Func<Task> settle)
    {
        try
        {
            await settle();
        }
        catch (Exception ex) when (IsGrantRejected(ex))
        {
            throw GrantRejected(ex);
        }
        catch (ServiceBusException ex) when (ex.Reason is ServiceBusFailureReason.MessageLockLost or ServiceBusFailureReason.MessageNotFound)
        {
            // The lock ran out and the message will come again (or already did): a repeated message is harmless.
            Log.LockLost(_logger, message.MessageId, action);
        }
        catch (ServiceBusException ex) when (ex.IsTransient)
        {
            // Not settled: Service Bus delivers it again when the lock expires, which is harmless too.
            Log.TransientSettleFailure(_logger, message.MessageId, action, ex);
        }
    }

    private async Task AbandonAsync(IEnumerable<ServiceBusReceivedMessage> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                // Not the caller's token: it may be the very reason for giving the messages back.
                await _receiver.AbandonMessageAsync(message, propertiesToModify: null, CancellationToken.None);
            }
            catch (Exception ex) when (ex is ServiceBusException or UnauthorizedAccessException)
            {
                // Best effort: the lock expires by itself.
                Log.AbandonFailed(_logger, message.MessageId, ex);
            }
        }
    }

    private static bool IsGrantRejected(Exception ex) =>
        ex is UnauthorizedAccessException
        || ex is ServiceBusException
        {
            Reason: ServiceBusFailureReason.MessagingEntityNotFound or ServiceBusFailureReason.MessagingEntityDisabled,
        };

    private ChannelGrantExpiredException GrantRejected(Exception ex)
    {
        var reason = ex is UnauthorizedAccessException ? "the credential was refused" : "its queue no longer exists";
        Log.GrantRejected(_logger, QueueName, reason);
        return new ChannelGrantExpiredException(
            $"The channel grant for Service Bus queue {QueueName} no longer works ({reason}); fetch a new grant.",
            ex);
    }
}
