using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Channels;

namespace Orchestrator.Messaging;

/// <summary>
/// The agent's side of a storage-queue channel. It holds only the grant's SAS URI (no account key), receives and
/// deletes up to 32 messages (nudges and log requests) at a time, and skips messages it cannot parse. After an empty
/// receive it waits <see cref="NodeChannelOptions.PollInterval"/>, doubling after each further empty receive up to
/// <see cref="NodeChannelOptions.MaxPollInterval"/>; any message resets the wait (docs/adr/0015).
/// </summary>
public sealed partial class StorageQueueNodeChannelReceiver : INodeChannelReceiver
{
    /// <summary>The most messages the queue service returns for one receive.</summary>
    public const int MaxMessagesPerReceive = 32;

    // Long enough to parse and delete a batch; a crash in between only re-delivers harmless nudges.
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    private readonly QueueClient _queue;
    private readonly NodeChannelOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _emptyReceives;

    public StorageQueueNodeChannelReceiver(
        NodeChannelGrant grant,
        NodeChannelOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        NodeChannelOptionsValidator.EnsureValid(options);
        if (grant.Kind != NodeChannelKinds.StorageQueue)
        {
            throw new ArgumentException($"Grant kind '{grant.Kind}' is not '{NodeChannelKinds.StorageQueue}'.", nameof(grant));
        }

        // Never echo the address: its query string is the credential.
        if (!Uri.TryCreate(grant.Address, UriKind.Absolute, out var address) || string.IsNullOrEmpty(address.Query))
        {
            throw new ArgumentException("The grant's address must be an absolute queue URI carrying a SAS.", nameof(grant));
        }

        _queue = new QueueClient(address, StorageQueueClientOptions.Create());
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>How long the receiver waits after its next empty receive.</summary>
    internal TimeSpan NextWait => Backoff(_emptyReceives + 1);

    public async Task<IReadOnlyList<NodeMessage>> ReceiveAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages;
        try
        {
            var response = await _queue.ReceiveMessagesAsync(MaxMessagesPerReceive, VisibilityTimeout, cancellationToken);
            messages = response.Value;
        }
        catch (RequestFailedException ex) when (IsGrantRejected(ex))
        {
            throw GrantRejected(ex);
        }

        if (messages.Length == 0)
        {
            var wait = NextWait;
            _emptyReceives++;
            await Task.Delay(wait, _timeProvider, cancellationToken);

            return [];
        }

        // Even malformed messages mean someone is sending: poll promptly again.
        _emptyReceives = 0;

        var received = new List<NodeMessage>(messages.Length);
        foreach (var message in messages)
        {
            if (TryParse(message) is { } parsed)
            {
                received.Add(parsed);
            }
        }

        // Malformed messages are deleted too: they would never parse on a later attempt either.
        await Task.WhenAll(messages.Select(message => DeleteAsync(message, cancellationToken)));
        return received;
    }

    /// <summary>PollInterval × 2^(n−1) for the n-th empty receive in a row, capped at MaxPollInterval.</summary>
    private TimeSpan Backoff(int emptyReceives)
    {
        var wait = _options.PollInterval;
        for (var i = 1; i < emptyReceives && wait < _options.MaxPollInterval; i++)
        {
            wait += wait;
        }

        return wait < _options.MaxPollInterval ? wait : _options.MaxPollInterval;
    }

    private NodeMessage? TryParse(QueueMessage message)
    {
        try
        {
            if (NodeMessageCodec.Deserialize(message.Body.ToMemory().Span) is { } parsed)
            {
                return parsed;
            }

            Log.MalformedNudge(_logger, message.MessageId, message.DequeueCount, null);
        }
        catch (JsonException ex)
        {
            Log.MalformedNudge(_logger, message.MessageId, message.DequeueCount, ex);
        }

        return null;
    }

    private async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && !IsQueueMissing(ex))
        {
            // Became visible again and taken by another receive: nothing left to delete.
            Log.NudgeAlreadyGone(_logger, message.MessageId);
        }
        catch (RequestFailedException ex) when (IsGrantRejected(ex))
        {
            throw GrantRejected(ex);
        }
    }

    private static bool IsGrantRejected(RequestFailedException ex) => ex.Status == 403 || IsQueueMissing(ex);

    private static bool IsQueueMissing(RequestFailedException ex) =>
        ex.ErrorCode == QueueErrorCode.QueueNotFound.ToString();

    private ChannelGrantExpiredException GrantRejected(RequestFailedException ex)
    {
        Log.GrantRejected(_logger, _queue.Name, ex.Status, ex.ErrorCode);
        var reason = IsQueueMissing(ex) ? "its queue no longer exists" : "the credential was refused";
        return new ChannelGrantExpiredException(
            $"The channel grant for queue {_queue.Name} no longer works ({reason}: {ex.Status} {ex.ErrorCode}); fetch a new grant.",
            ex);
    }
}
