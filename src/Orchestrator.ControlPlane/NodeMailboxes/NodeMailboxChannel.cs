using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.NodeMailboxes;

/// <summary>
/// The standalone server's node channel (docs/adr/0018): one in-memory mailbox per (tenant, node) that the node's agent
/// long-polls over its own authenticated connection (<see cref="ReceiveAsync"/>). Every message gets a sequence number,
/// increasing across the process; the agent acknowledges by sending back the last number it received, and what it has
/// not acknowledged is delivered again (at least once). Nudges are level-triggered hints, so a node keeps only its newest
/// one; log requests are kept until they expire, at most <see cref="NodeMailboxOptions.MaxPendingMessages"/> a node.
/// In-process only: the Functions host runs on many instances and does not register it.
/// </summary>
public sealed partial class NodeMailboxChannel : INodeChannel
{
    /// <summary>The reason of the nudge a reopened mailbox starts with.</summary>
    internal const string ReopenedReason = "mailbox reopened";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Node), Mailbox> _mailboxes = [];
    private readonly NodeMailboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeMailboxChannel> _logger;
    private long _lastSeq;
    private bool _closed;

    public NodeMailboxChannel(IOptions<NodeMailboxOptions> options, TimeProvider time, ILogger<NodeMailboxChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _time = time;
        _logger = logger;

        // Numbers start at the process's start time in microseconds, so a restarted server numbers above anything its
        // predecessor handed out and an agent's old acknowledgement cannot swallow a new message. (A clock that went back
        // leaves the agent ahead instead, which ReceiveAsync detects.)
        _lastSeq = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    /// <summary>How many nodes have a mailbox (for tests and diagnostics).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _mailboxes.Count;
            }
        }
    }

    /// <summary>Opens the node's mailbox (the node joined or asks for its grant) and returns a grant naming its route.</summary>
    public Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        lock (_gate)
        {
            GetOrOpen(tenant, nodeName, reopened: false);
        }

        var address = $"agent/v1/nodes/{Uri.EscapeDataString(nodeName)}/messages";
        return Task.FromResult(new NodeChannelGrant(NodeChannelKinds.Server, address, _time.GetUtcNow() + _options.GrantLifetime));
    }

    /// <summary>Replaces the node's pending nudge, if any, with this one: a burst of nudges costs the agent one message.</summary>
    public Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        Post(nudge.Tenant, nudge.NodeName, nudge);
        return Task.CompletedTask;
    }

    public Task SendLogRequestAsync(LogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExpiresOn <= _time.GetUtcNow())
        {
            return Task.CompletedTask;
        }

        Post(request.Tenant, request.NodeName, request);
        return Task.CompletedTask;
    }

    /// <summary>Forgets the node's mailbox (the node was deleted), answering a poll still waiting on it.</summary>
    public Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        Mailbox? mailbox;
        lock (_gate)
        {
            _mailboxes.Remove((tenant, nodeName), out mailbox);
        }

        mailbox?.Waiters?.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Acknowledges the node's messages numbered up to <paramref name="after"/> (the agent received them) and returns
    /// the others at once; when there are none, waits up to <paramref name="timeout"/> for the next one. An
    /// <paramref name="after"/> beyond any number this process handed out comes from before a restart: nothing is
    /// acknowledged and everything pending is delivered. The caller's node credential proves the node joined, so a
    /// missing mailbox (the server restarted) is opened, starting with a nudge for what it may have lost.
    /// </summary>
    public async Task<MailboxBatch> ReceiveAsync(string tenant, string nodeName, long after, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        Task woken;
        lock (_gate)
        {
            var mailbox = GetOrOpen(tenant, nodeName, reopened: true);
            if (after > _lastSeq)
            {
                Log.AgentAhead(_logger, tenant, nodeName, after, _lastSeq);
                after = 0;
            }
            else
            {
                mailbox.Pending.RemoveAll(entry => entry.Seq <= after);
            }

            if (Take(mailbox, after) is { } ready)
            {
                return ready;
            }

            mailbox.Waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            woken = mailbox.Waiters.Task;
        }

        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await Task.WhenAny(woken, Task.Delay(timeout, _time, timeoutSource.Token));
            await timeoutSource.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        lock (_gate)
        {
            return _mailboxes.TryGetValue((tenant, nodeName), out var mailbox)
                ? Take(mailbox, after) ?? new MailboxBatch(_lastSeq, [])
                : new MailboxBatch(_lastSeq, []);
        }
    }

    /// <summary>
    /// The host is stopping: answers every waiting poll now (as a timeout would) and every later one at once, so that
    /// long polls do not hold the server's graceful shutdown open.
    /// </summary>
    public void Close()
    {
        List<TaskCompletionSource> waiters;
        lock (_gate)
        {
            _closed = true;
            waiters = [.. _mailboxes.Values.Select(m => m.Waiters).OfType<TaskCompletionSource>()];
            foreach (var mailbox in _mailboxes.Values)
            {
                mailbox.Waiters = null;
            }
        }

        waiters.ForEach(w => w.TrySetResult());
    }

    private void Post(string tenant, string nodeName, NodeMessage message)
    {
        TaskCompletionSource? waiters;
        lock (_gate)
        {
            if (!_mailboxes.TryGetValue((tenant, nodeName), out var mailbox))
            {
                // Never joined (or forgotten): nobody would receive it; the agent converges when it joins.
                Log.NoMailbox(_logger, tenant, nodeName);
                return;
            }

            if (message is NodeNudge nudge && mailbox.Pending.FindIndex(entry => entry.Message is NodeNudge) is var pending and >= 0)
            {
                // One nudge waits per node, saying everything the nudges it replaces said.
                message = ((NodeNudge)mailbox.Pending[pending].Message).MergedWith(nudge);
                mailbox.Pending.RemoveAt(pending);
            }

            DropExpired(mailbox);
            mailbox.Pending.Add(new MailboxEntry(++_lastSeq, message));
            while (mailbox.Pending.Count > _options.MaxPendingMessages
                && mailbox.Pending.FindIndex(entry => entry.Message is LogRequest) is var oldest and >= 0)
            {
                var dropped = (LogRequest)mailbox.Pending[oldest].Message;
                mailbox.Pending.RemoveAt(oldest);
                Log.LogRequestDropped(_logger, tenant, nodeName, dropped.RequestId, _options.MaxPendingMessages);
            }

            waiters = mailbox.Waiters;
            mailbox.Waiters = null;
        }

        waiters?.TrySetResult();
    }

    private Mailbox GetOrOpen(string tenant, string nodeName, bool reopened)
    {
        if (_mailboxes.TryGetValue((tenant, nodeName), out var mailbox))
        {
            return mailbox;
        }

        mailbox = new Mailbox();
        _mailboxes[(tenant, nodeName)] = mailbox;
        Log.Opened(_logger, tenant, nodeName, reopened);
        if (reopened)
        {
            // Messages sent while the mailbox did not exist were dropped: the agent converges on this one.
            mailbox.Pending.Add(new MailboxEntry(++_lastSeq, new NodeNudge(tenant, nodeName, ReopenedReason, _time.GetUtcNow())));
        }

        return mailbox;
    }

    /// <summary>The messages numbered above <paramref name="after"/>, or null when there are none and the poll should wait.</summary>
    private MailboxBatch? Take(Mailbox mailbox, long after)
    {
        DropExpired(mailbox);
        var ready = mailbox.Pending.Where(entry => entry.Seq > after).ToList();
        return ready.Count > 0 || _closed ? new MailboxBatch(_lastSeq, ready) : null;
    }

    private void DropExpired(Mailbox mailbox)
    {
        var now = _time.GetUtcNow();
        mailbox.Pending.RemoveAll(entry => entry.Message is LogRequest request && request.ExpiresOn <= now);
    }

    private sealed class Mailbox
    {
        /// <summary>Not yet acknowledged, in the order of their numbers.</summary>
        public List<MailboxEntry> Pending { get; } = [];

        /// <summary>Completed by the next message; shared by every poll waiting on the node (one agent, or a duplicate).</summary>
        public TaskCompletionSource? Waiters { get; set; }
    }
}
