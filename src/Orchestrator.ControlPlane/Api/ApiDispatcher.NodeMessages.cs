using System.Globalization;
using Orchestrator.Core.Channels;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.ControlPlane.Api;

/// <summary>The node's mailbox on the standalone server (docs/adr/0018): a long poll that carries the node channel's messages.</summary>
public sealed partial class ApiDispatcher
{
    private const int DefaultMessagesWaitSeconds = 30;
    private const int MaxMessagesWaitSeconds = 60;

    /// <summary>
    /// <c>GET agent/v1/nodes/{node}/messages?after=&lt;seq&gt;&amp;timeoutSeconds=&lt;s&gt;</c>: acknowledges the
    /// messages numbered up to <c>after</c> (default 0: none) and answers
    /// <c>{"seq": n, "messages": [{"seq": n, "message": {...}}]}</c> with the others at once, or with the next one, or
    /// empty after <c>timeoutSeconds</c> (1-60, default 30). Only the node's own credential may poll: a poll
    /// acknowledges, so anyone else would take the agent's messages. A host without mailboxes (Functions, several
    /// instances) answers 404: its grants name Service Bus or Storage Queues instead.
    /// </summary>
    private async Task NodeMessagesAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNodeItself(context, node);
        var after = 0L;
        if (context.Query("after") is { } afterText
            && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new ApiException(StatusErrors.BadRequest($"after: Invalid value: \"{afterText}\": must be a non-negative integer", "after"));
        }

        var seconds = DefaultMessagesWaitSeconds;
        if (context.Query("timeoutSeconds") is { } timeoutText
            && (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 1 or > MaxMessagesWaitSeconds))
        {
            throw new ApiException(StatusErrors.BadRequest(
                $"timeoutSeconds: Invalid value: \"{timeoutText}\": must be between 1 and {MaxMessagesWaitSeconds}", "timeoutSeconds"));
        }

        if (_mailboxes is null)
        {
            throw new ApiException(StatusErrors.NotFound(
                "this control plane keeps no node mailboxes (it runs on several instances); receive from the channel your grant names"));
        }

        var batch = await _mailboxes.ReceiveAsync(context.Caller.Tenant, node!, after, TimeSpan.FromSeconds(seconds), context.Aborted);
        var answer = new NodeMessagesAnswer(
            batch.Seq,
            [.. batch.Messages.Select(entry => new NodeMessageEnvelope(entry.Seq, NodeMessageCodec.SerializeToElement(entry.Message)))]);
        await WriteAsync(context.Http, 200, answer, NodeApiJsonContext.Default.NodeMessagesAnswer);
    }
}
