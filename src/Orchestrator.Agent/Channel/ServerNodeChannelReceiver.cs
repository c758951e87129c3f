using System.Net;
using System.Text.Json;
using Orchestrator.Agent.Api;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Channel;

/// <summary>
/// The agent's side of a <c>server</c> grant (docs/adr/0018): long-polls the standalone server's mailbox route that the
/// grant names, over the agent's own authenticated connection, and acknowledges what it received by sending the
/// answer's sequence number as <c>after</c> on the next poll. The server holds each poll up to <see cref="Wait"/>, so
/// an idle node costs one request every 30 s and a message arrives as soon as it is sent.
/// </summary>
internal sealed partial class ServerNodeChannelReceiver : INodeChannelReceiver
{
    /// <summary>How long the server may hold one poll; the long-poll HTTP client's timeout allows for it.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly NodeApiClient _api;
    private readonly ServerChannelCursor _cursor;
    private readonly ILogger _logger;
    private readonly string _address;

    public ServerNodeChannelReceiver(NodeChannelGrant grant, NodeApiClient api, ServerChannelCursor cursor, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Kind != NodeChannelKinds.Server)
        {
            throw new ArgumentException($"Grant kind '{grant.Kind}' is not '{NodeChannelKinds.Server}'.", nameof(grant));
        }

        // Relative to the server the agent joined: the node credential must never travel anywhere else.
        if (!Uri.TryCreate(grant.Address, UriKind.Relative, out _) || grant.Address.StartsWith('/'))
        {
            throw new ArgumentException("The grant's address must be a route path relative to the server's URL.", nameof(grant));
        }

        _address = grant.Address;
        _api = api;
        _cursor = cursor;
        _logger = logger;
    }

    public async Task<IReadOnlyList<NodeMessage>> ReceiveAsync(CancellationToken cancellationToken)
    {
        Core.NodeApi.NodeMessagesAnswer answer;
        try
        {
            answer = await _api.ReceiveMessagesAsync(_address, _cursor.After, Wait, cancellationToken);
        }
        catch (NodeApiException ex) when (ex.StatusCode == (int)HttpStatusCode.NotFound)
        {
            // The control plane no longer keeps mailboxes (it moved to a host that does not): its new grant says where to go.
            throw new ChannelGrantExpiredException("The server's mailbox route is gone (404); fetch a new grant.", ex);
        }

        var messages = new List<NodeMessage>(answer.Messages.Count);
        foreach (var envelope in answer.Messages)
        {
            try
            {
                if (NodeMessageCodec.Deserialize(envelope.Message) is { } message)
                {
                    messages.Add(message);
                    continue;
                }

                Log.Malformed(_logger, envelope.Seq, null);
            }
            catch (JsonException ex)
            {
                Log.Malformed(_logger, envelope.Seq, ex);
            }
        }

        if (answer.Seq < _cursor.After)
        {
            Log.CursorReset(_logger, _cursor.After, answer.Seq);
        }

        // Acknowledged by the next poll: by then ChannelLoop has handed every message on.
        _cursor.After = answer.Seq;
        return messages;
    }
}
