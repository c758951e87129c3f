using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Runs passes of a loop, the same way under both hosts: a failure of one key is logged and leaves the key for the
/// next pass, never stopping the others.
/// </summary>
public sealed partial class ControlLoopRunner
{
    /// <summary>
    /// How long the tenant list is reused by the timers' passes. Every loop resyncs every few seconds and each pass
    /// read the list again (a store query per loop and pass, most of an idle control plane's reads); tenants come
    /// rarely, and a new tenant's own writes nudge its loops at once anyway.
    /// </summary>
    public static readonly TimeSpan TenantListLifetime = TimeSpan.FromSeconds(30);

    private readonly IIdentityStore _identities;
    private readonly TimeProvider _time;
    private readonly ILogger<ControlLoopRunner> _logger;
    private (IReadOnlyList<string> Tenants, DateTimeOffset ReadAt)? _tenants;

    public ControlLoopRunner(IIdentityStore identities, TimeProvider time, ILogger<ControlLoopRunner> logger)
    {
        _identities = identities;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reconciles every key of every tenant (the timer's pass).</summary>
    public async Task ResyncAsync(IControlLoop loop, CancellationToken cancellationToken)
    {
        foreach (var tenant in await TenantsAsync(cancellationToken))
        {
            IReadOnlyList<LoopKey> keys;
            try
            {
                keys = await loop.ResyncKeysAsync(tenant, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogResyncFailed(_logger, loop.Name, tenant, e);
                continue;
            }

            await RunAsync(loop, keys, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_tenants is { } cached && now - cached.ReadAt < TenantListLifetime)
        {
            return cached.Tenants;
        }

        var tenants = await _identities.ListTenantsAsync(cancellationToken);
        _tenants = (tenants, now);
        return tenants;
    }

    /// <summary>Reconciles the given keys; returns those that failed and should be retried.</summary>
    public async Task<IReadOnlyList<LoopKey>> RunAsync(IControlLoop loop, IEnumerable<LoopKey> keys, CancellationToken cancellationToken)
    {
        var failed = new List<LoopKey>();
        foreach (var key in keys)
        {
            try
            {
                await loop.ReconcileAsync(key, cancellationToken);
            }
            catch (ApiException e) when (e.Status.Code == 409)
            {
                // Someone changed an object between our read and our write: the next pass sees the new state.
                LogConflict(_logger, loop.Name, key.Tenant, key.Namespace, key.Name);
                failed.Add(key);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReconcileFailed(_logger, loop.Name, key.Tenant, key.Namespace, key.Name, e);
                failed.Add(key);
            }
        }

        return failed;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Loop}: conflict on {Tenant}/{Namespace}/{Name}, retrying")]
    private static partial void LogConflict(ILogger logger, string loop, string tenant, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop}: reconciling {Tenant}/{Namespace}/{Name} failed")]
    private static partial void LogReconcileFailed(ILogger logger, string loop, string tenant, string @namespace, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop}: listing the keys of tenant {Tenant} failed")]
    private static partial void LogResyncFailed(ILogger logger, string loop, string tenant, Exception exception);
}
