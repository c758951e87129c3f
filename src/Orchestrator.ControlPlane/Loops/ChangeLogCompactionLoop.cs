using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Removes each tenant's changes older than <see cref="LoopOptions.ChangeRetention"/> from the change log, as the
/// Kubernetes API server has etcd compact its history every 5 minutes (docs/adr/0017). The objects stay; a reader
/// that falls further behind gets <see cref="StoreFailure.Expired"/> and lists again.
/// </summary>
public sealed partial class ChangeLogCompactionLoop : IControlLoop
{
    private readonly IObjectStore _store;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;
    private readonly ILogger<ChangeLogCompactionLoop> _logger;

    public ChangeLogCompactionLoop(IObjectStore store, TimeProvider time, IOptions<LoopOptions> options, ILogger<ChangeLogCompactionLoop> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public string Name => "ChangeLogCompaction";

    public TimeSpan ResyncPeriod => _options.ChangeCompactionPeriod;

    /// <summary>Writes never make changes expire sooner: only the clock does.</summary>
    public IEnumerable<LoopKey> KeysFor(ObjectChange change) => [];

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var removed = await _store.CompactAsync(key.Tenant, _time.GetUtcNow() - _options.ChangeRetention, cancellationToken);
        if (removed > 0)
        {
            LogCompacted(_logger, removed, key.Tenant);
        }
    }
}
