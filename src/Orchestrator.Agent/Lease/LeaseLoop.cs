using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.Agent.Lease;

/// <summary>
/// Renews the node's lease every lease interval: the heartbeat the node-lifecycle controller watches. It runs on its
/// own, so slow pod work never delays it; a failed renewal is retried sooner than the interval, never slower.
/// </summary>
internal sealed class LeaseLoop : AgentLoop
{
    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly TimeSpan _interval;
    private readonly int _durationSeconds;
    private readonly LeaseContinuity _continuity;
    private readonly TimeSpan _duration;
    private bool _failing;
    private long? _lastRenewed;

    public LeaseLoop(NodeApiClient api, NodeIdentity identity, LeaseContinuity continuity, IOptions<AgentOptions> options, TimeProvider time, ILogger<LeaseLoop> logger)
        : base("lease", time, logger, RetryInitial(options.Value.LeaseInterval), options.Value.LeaseInterval)
    {
        _api = api;
        _identity = identity;
        _continuity = continuity;
        _interval = options.Value.LeaseInterval;
        _durationSeconds = (int)options.Value.LeaseDuration.TotalSeconds;
        _duration = options.Value.LeaseDuration;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var credential = await _identity.WaitAsync(cancellationToken);
        var started = Time.GetTimestamp();
        var wasFailing = _failing;
        _failing = true;
        await _api.RenewLeaseAsync(new LeaseRenewal(credential.NodeName, _durationSeconds), cancellationToken);
        _failing = false;

        // Renewals failed, or none happened for longer than the lease lasts (the machine slept, the process was
        // frozen): the control plane may have marked the node unreachable meanwhile.
        var lapsed = _lastRenewed is { } last && Time.GetElapsedTime(last) > _duration;
        _lastRenewed = Time.GetTimestamp();
        if (wasFailing || lapsed)
        {
            _continuity.Reconnected();
        }

        // Keep the cadence: the next renewal is due one interval after this one started.
        var remaining = _interval - Time.GetElapsedTime(started);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private static TimeSpan RetryInitial(TimeSpan interval) =>
        interval < TimeSpan.FromSeconds(1) ? interval : TimeSpan.FromSeconds(1);
}
