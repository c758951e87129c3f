using System.Net;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Channel;

/// <summary>
/// Long-polls the control plane's doorbell for this node (docs/adr/0015) and wakes the channel's receiver whenever
/// the doorbell's generation changes, so a message on the node's queue is received at once while the idle receiver
/// backs off to one queue request a minute. The first answer after start counts as a ring. A control plane without a
/// doorbell (Azure Functions, or an older server) answers 404: the loop then asks again only after
/// <see cref="NoDoorbellRetry"/>, and the receiver's back-off polling alone carries the messages meanwhile.
/// </summary>
internal sealed partial class DoorbellLoop : AgentLoop
{
    /// <summary>
    /// How long the server may hold one request. The doorbell has its own HTTP client whose timeout is
    /// <c>Agent:RequestTimeout</c> plus this, so a quiet long poll is never cut short by the client.
    /// </summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>How long to rely on back-off polling alone after the control plane said it has no doorbell.</summary>
    public static readonly TimeSpan NoDoorbellRetry = TimeSpan.FromMinutes(10);

    /// <summary>No generation seen yet: whatever the server answers first differs, and counts as a ring.</summary>
    private const long NothingSeen = -1;

    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly WakeSignal _wakeup;
    private long _seen = NothingSeen;

    public DoorbellLoop(NodeApiClient api, NodeIdentity identity, WakeSignal wakeup, TimeProvider time, ILogger<DoorbellLoop> logger)
        : base("doorbell", time, logger, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))
    {
        _api = api;
        _identity = identity;
        _wakeup = wakeup;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _identity.WaitAsync(cancellationToken);
        var generation = await _api.WaitForDoorbellAsync(_seen, Wait, cancellationToken);
        if (generation != _seen)
        {
            Log.Rang(Logger, generation);
            _seen = generation;
            _wakeup.Set();
        }

        // The server itself held the request: ask again at once.
        return TimeSpan.Zero;
    }

    protected override TimeSpan? OnFailure(Exception exception)
    {
        if (exception is NodeApiException { StatusCode: (int)HttpStatusCode.NotFound })
        {
            Log.NoDoorbell(Logger, NoDoorbellRetry);
            _seen = NothingSeen;
            return NoDoorbellRetry;
        }

        return null;
    }
}
