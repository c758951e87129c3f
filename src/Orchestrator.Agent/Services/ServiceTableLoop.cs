using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;

namespace Orchestrator.Agent.Services;

/// <summary>
/// Lists the Services and EndpointSlices with the node's credential at start, on every nudge (the same nudges that
/// fetch the desired pods) and every resync interval, and replaces the service table. On failure the table keeps
/// what it had, so the proxy keeps balancing over the last endpoints it knew.
/// </summary>
internal sealed partial class ServiceTableLoop : AgentLoop
{
    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly ServiceTable _table;
    private readonly AgentSignals _signals;
    private readonly TimeSpan _resyncInterval;

    public ServiceTableLoop(
        NodeApiClient api,
        NodeIdentity identity,
        ServiceTable table,
        AgentSignals signals,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<ServiceTableLoop> logger)
        : base("services", time, logger, TimeSpan.FromSeconds(1), options.Value.ResyncInterval)
    {
        _api = api;
        _identity = identity;
        _table = table;
        _signals = signals;
        _resyncInterval = options.Value.ResyncInterval;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _identity.WaitAsync(cancellationToken);
        var services = await _api.ListServicesAsync(cancellationToken);
        var slices = await _api.ListEndpointSlicesAsync(cancellationToken);
        if (_table.Replace(new ServiceSnapshot(services.Items, slices.Items)))
        {
            Log.Changed(Logger, services.Items.Count, slices.Items.Count);
        }

        return _resyncInterval;
    }

    protected override async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken)
    {
        if (afterFailure)
        {
            await base.WaitAsync(delay, afterFailure, cancellationToken);
            return;
        }

        await _signals.FetchServices.WaitAsync(delay, Time, cancellationToken);
    }
}
