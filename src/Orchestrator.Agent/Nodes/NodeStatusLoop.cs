using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Lease;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Nodes;

/// <summary>
/// Patches the node's status at start, whenever it changes (checked every lease interval), after the lease was renewed
/// again following failed renewals, and every node status interval otherwise. Liveness is the lease's job; this is the
/// slower, fuller report.
/// </summary>
internal sealed class NodeStatusLoop : AgentLoop
{
    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly NodeStatusBuilder _builder;
    private readonly LeaseContinuity _continuity;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _checkInterval;
    private DateTimeOffset? _readySince;
    private DateTimeOffset _lastSent;
    private string? _lastFingerprint;
    private int _reconnectionsSent;

    public NodeStatusLoop(
        NodeApiClient api,
        NodeIdentity identity,
        NodeStatusBuilder builder,
        LeaseContinuity continuity,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<NodeStatusLoop> logger)
        : base("node-status", time, logger, TimeSpan.FromSeconds(1), options.Value.NodeStatusInterval)
    {
        _api = api;
        _identity = identity;
        _builder = builder;
        _continuity = continuity;
        _interval = options.Value.NodeStatusInterval;
        _checkInterval = options.Value.LeaseInterval < _interval ? options.Value.LeaseInterval : _interval;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _identity.WaitAsync(cancellationToken);
        var now = Time.GetUtcNow();
        var readySince = _readySince ?? now;
        var status = _builder.Build(now, readySince);

        // The heartbeat changes every time; everything else changing is worth a patch before the interval is up.
        var fingerprint = JsonSerializer.Serialize(_builder.Build(readySince, readySince), KubeJsonContext.Default.NodeStatus);
        var reconnections = _continuity.Reconnections;
        if (fingerprint != _lastFingerprint || now - _lastSent >= _interval || reconnections != _reconnectionsSent)
        {
            await _api.PatchNodeStatusAsync(status, cancellationToken);
            _reconnectionsSent = reconnections;
            _readySince = readySince;
            _lastSent = now;
            _lastFingerprint = fingerprint;
        }

        return _checkInterval;
    }
}
