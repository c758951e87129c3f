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
    private readonly IIdentityStore _identities;
    private readonly ILogger<ControlLoopRunner> _logger;

    public ControlLoopRunner(IIdentityStore identities, ILogger<ControlLoopRunner> logger)
    {
        _identities = identities;
        _logger = logger;
    }

    /// <summary>Reconciles every key of every tenant (the timer's pass).</summary>
    public async Task ResyncAsync(IControlLoop loop, CancellationToken cancellationToken)
    {
        foreach (var tenant in await _identities.ListTenantsAsync(cancellationToken))
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
