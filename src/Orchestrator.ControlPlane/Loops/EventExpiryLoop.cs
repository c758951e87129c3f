using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Deletes Events that last happened more than <see cref="EventOptions.Ttl"/> ago, as kube-apiserver's
/// <c>--event-ttl</c> lets etcd do, so that Events do not grow without bound. A repeat bumps an Event's
/// <c>lastTimestamp</c> and so keeps it. Reads a tenant's Events a page at a time and deletes them in batches.
/// </summary>
public sealed partial class EventExpiryLoop : IControlLoop
{
    /// <summary>Events read per page.</summary>
    internal const int PageSize = 500;

    /// <summary>Deletions per transaction: an Event has no index rows, so this is Azure's 100 operations.</summary>
    internal const int DeleteBatchSize = 100;

    private readonly ObjectService _objects;
    private readonly TimeProvider _time;
    private readonly LoopOptions _options;
    private readonly EventOptions _eventOptions;
    private readonly ILogger<EventExpiryLoop> _logger;

    public EventExpiryLoop(ObjectService objects, TimeProvider time, IOptions<LoopOptions> options, IOptions<EventOptions> eventOptions, ILogger<EventExpiryLoop> logger)
    {
        _objects = objects;
        _time = time;
        _options = options.Value;
        _eventOptions = eventOptions.Value;
        _logger = logger;
    }

    public string Name => "EventExpiry";

    public TimeSpan ResyncPeriod => _options.EventExpiryPeriod;

    /// <summary>Writes never make Events expire sooner: only the clock does.</summary>
    public IEnumerable<LoopKey> KeysFor(ObjectChange change) => [];

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public async Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _eventOptions.Ttl;
        var expired = new List<ObjectWrite>();
        string? token = null;
        do
        {
            var (items, next) = await _objects.ListAsync(
                ResourceRegistry.Events, new ObjectListQuery(key.Tenant, ResourceRegistry.Events.QualifiedName, Limit: PageSize, Continue: token), cancellationToken);
            expired.AddRange(items.Where(e => LastSeen((Event)e.Object) < cutoff).Select(e => _objects.PrepareDelete(ResourceRegistry.Events, e, DeletionOptions.NoCollection)).OfType<ObjectWrite>());
            while (expired.Count >= DeleteBatchSize)
            {
                await DeleteAsync(key.Tenant, expired.GetRange(0, DeleteBatchSize), cancellationToken);
                expired.RemoveRange(0, DeleteBatchSize);
            }

            token = next;
        }
        while (token is not null);

        if (expired.Count > 0)
        {
            await DeleteAsync(key.Tenant, expired, cancellationToken);
        }
    }

    /// <summary>When the Event last happened: its newest timestamp, else its creation.</summary>
    internal static DateTimeOffset LastSeen(Event value)
    {
        DateTimeOffset?[] times = [value.LastTimestamp, value.EventTime, value.FirstTimestamp, value.Metadata.CreationTimestamp];
        return times.Max() ?? DateTimeOffset.MinValue;
    }

    private async Task DeleteAsync(string tenant, List<ObjectWrite> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _objects.CommitAsync(tenant, batch, cancellationToken);
            LogExpired(_logger, batch.Count, tenant);
        }
        catch (ApiException e) when (e.Status.Code is 404 or 409)
        {
            // One Event of the batch was repeated (bumped) or deleted since it was read, and a transaction is all or
            // nothing: the next pass reads them again, and a bumped one is no longer expired.
            LogBatchSkipped(_logger, batch.Count, tenant, e.Status.Message ?? e.Message);
        }
    }
}
