using Orchestrator.Agent.Api;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Logs;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Channel;

/// <summary>
/// Receives the node's messages: turns any number of nudges into one immediate fetch of the desired pods, and hands
/// log requests to the <see cref="LogRequestQueue"/> without waiting for them to be answered. The grant
/// is renewed when the receiver reports it expired and shortly before it would expire. The agent works without the
/// channel too (it resyncs on a timer); the channel only makes it prompt.
/// </summary>
internal sealed partial class ChannelLoop : AgentLoop
{
    /// <summary>Renew once this share of the grant's lifetime has passed.</summary>
    private const double RenewAt = 0.8;

    private static readonly TimeSpan MinRemaining = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnsupportedRetry = TimeSpan.FromMinutes(10);

    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly INodeChannelReceiverFactory _factory;
    private readonly AgentSignals _signals;
    private readonly LogRequestQueue _logRequests;
    private DateTimeOffset _renewAt;
    private INodeChannelReceiver? _receiver;
    private bool _joinGrantUsed;

    public ChannelLoop(
        NodeApiClient api,
        NodeIdentity identity,
        INodeChannelReceiverFactory factory,
        AgentSignals signals,
        LogRequestQueue logRequests,
        TimeProvider time,
        ILogger<ChannelLoop> logger)
        : base("channel", time, logger, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))
    {
        _api = api;
        _identity = identity;
        _factory = factory;
        _signals = signals;
        _logRequests = logRequests;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _identity.WaitAsync(cancellationToken);
        var now = Time.GetUtcNow();
        if (_receiver is null || now >= _renewAt)
        {
            await RenewGrantAsync(now, cancellationToken);
        }

        IReadOnlyList<NodeMessage> messages;
        try
        {
            messages = await _receiver!.ReceiveAsync(cancellationToken);
        }
        catch (ChannelGrantExpiredException)
        {
            Log.GrantExpired(Logger);
            DropReceiver();
            throw;
        }

        NodeNudge? lastNudge = null;
        var nudges = 0;
        var fetchPods = false;
        var fetchServices = false;
        foreach (var message in messages)
        {
            switch (message)
            {
                case NodeNudge nudge:
                    // A nudge of pods fetches the node's pods; one of Services the proxy's table; any other both.
                    lastNudge = nudge;
                    nudges++;
                    fetchPods |= nudge.ConcernsPods;
                    fetchServices |= nudge.ConcernsServices;
                    break;
                case LogRequest request:
                    Log.LogRequested(Logger, request.RequestId, request.Namespace, request.PodName);
                    _logRequests.Enqueue(request);
                    break;
            }
        }

        if (lastNudge is not null)
        {
            Log.Nudged(Logger, nudges, lastNudge.Reason);
            if (fetchPods)
            {
                _signals.FetchDesired.Set();
            }

            if (fetchServices)
            {
                _signals.FetchServices.Set();
            }
        }

        // The receiver itself waits when nothing is there (the server's long poll, Service Bus, or the queue's back-off).
        return TimeSpan.Zero;
    }

    protected override TimeSpan? OnFailure(Exception exception) =>
        exception is NotSupportedException ? UnsupportedRetry : null;

    protected override async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await base.WaitAsync(delay, afterFailure, cancellationToken);
        }
    }

    private async Task RenewGrantAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        DropReceiver();
        NodeChannelGrant grant;
        if (!_joinGrantUsed && _identity.JoinGrant is { } joinGrant && joinGrant.ExpiresOn - now > MinRemaining)
        {
            grant = joinGrant;
        }
        else
        {
            grant = await _api.GetChannelGrantAsync(cancellationToken);
        }

        _joinGrantUsed = true;
        var lifetime = grant.ExpiresOn - now;
        _renewAt = lifetime <= MinRemaining ? grant.ExpiresOn : now + lifetime * RenewAt;
        _receiver = _factory.Create(grant);
        // The address carries the credential: log only its kind and expiry.
        Log.GrantReceived(Logger, grant.Kind, grant.ExpiresOn);
    }

    private void DropReceiver()
    {
        (_receiver as IDisposable)?.Dispose();
        _receiver = null;
    }
}
