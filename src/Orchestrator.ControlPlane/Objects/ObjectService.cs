using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Services;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>
/// The one way objects are read and written, by the API and by the loops alike: it sets the server-owned fields
/// (uid, creation time, generation, resource version), defaults and validates, writes the index entries with the
/// object in one transaction, and tells the observers.
/// </summary>
public sealed class ObjectService
{
    /// <summary>What a guard's operation (an update of an index-less token row) takes of a commit's budget.</summary>
    private const int GuardCost = 1;

    /// <summary>Tries of a transaction that creates a bound pod while scheduler passes keep moving the pass token.</summary>
    private const int MaxTokenTouches = 5;

    private readonly IObjectStore _store;
    private readonly IReadOnlyList<IObjectChangeObserver> _observers;
    private readonly ObjectCodec _codec;
    private readonly TimeProvider _time;
    private readonly ServiceAllocator _allocator;

    /// <summary>An object service whose Services get cluster IPs and node ports from the default ranges.</summary>
    public ObjectService(IObjectStore store, IEnumerable<IObjectChangeObserver> observers, ObjectCodec codec, TimeProvider time)
        : this(store, observers, codec, time, new ServiceAllocator(Options.Create(new ServiceOptions())))
    {
    }

    public ObjectService(IObjectStore store, IEnumerable<IObjectChangeObserver> observers, ObjectCodec codec, TimeProvider time, ServiceAllocator allocator)
    {
        _store = store;
        _observers = [.. observers];
        _codec = codec;
        _time = time;
        _allocator = allocator;
    }

    public async Task<Versioned<T>?> GetAsync<T>(ResourceKind<T> kind, string tenant, string ns, string name, CancellationToken cancellationToken)
        where T : KubeObject
    {
        var stored = await _store.GetAsync(Key(kind, tenant, ns, name), cancellationToken);
        return stored is null ? null : Materialize(kind, stored);
    }

    public async Task<Versioned<KubeObject>?> GetAsync(ResourceKind kind, string tenant, string ns, string name, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(Key(kind, tenant, ns, name), cancellationToken);
        return stored is null ? null : Materialize(kind, stored);
    }

    public async Task<(IReadOnlyList<Versioned<KubeObject>> Items, string? Continue)> ListAsync(ResourceKind kind, ObjectListQuery query, CancellationToken cancellationToken)
    {
        var page = await _store.ListAsync(query with { Resource = kind.QualifiedName }, cancellationToken);
        return ([.. page.Items.Select(s => Materialize(kind, s))], page.Continue);
    }

    /// <summary>
    /// A page of objects as the store holds them, not read into their type: for answers that pass the JSON on as it is
    /// (never Secrets, whose stored JSON is sealed).
    /// </summary>
    public Task<ObjectPage> ListStoredAsync(ResourceKind kind, ObjectListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(query);
        return _store.ListAsync(query with { Resource = kind.QualifiedName }, cancellationToken);
    }

    /// <summary>Every object of the query, page after page.</summary>
    public async Task<List<Versioned<T>>> ListAllAsync<T>(ResourceKind<T> kind, string tenant, string? ns = null, IndexEntry? index = null, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        var all = new List<Versioned<T>>();
        string? token = null;
        do
        {
            var page = await _store.ListAsync(new ObjectListQuery(tenant, kind.QualifiedName, ns, index, Limit: 500, Continue: token), cancellationToken);
            all.AddRange(page.Items.Select(s => Materialize(kind, s)));
            token = page.Continue;
        }
        while (token is not null);
        return all;
    }

    /// <summary>
    /// Creates an object: generates its name from <c>generateName</c> when needed, defaults it, validates it and
    /// sets the server-owned fields. Throws <see cref="ApiException"/> with a 409 or 422 Status when refused.
    /// </summary>
    public async Task<(Versioned<KubeObject> Object, IReadOnlyList<string> Warnings)> CreateAsync(ResourceKind kind, string tenant, KubeObject value, CancellationToken cancellationToken)
    {
        var write = PrepareCreate(kind, tenant, value);
        var results = await CommitAsync(tenant, [write], cancellationToken);
        return (results[0]!, write.Warnings);
    }

    /// <summary>
    /// Replaces <paramref name="previous"/> with <paramref name="updated"/>: the part named by <paramref name="scope"/>
    /// is taken from the update, the other part is kept.
    /// </summary>
    public async Task<(Versioned<KubeObject> Object, IReadOnlyList<string> Warnings)> UpdateAsync(ResourceKind kind, string tenant, Versioned<KubeObject> previous, KubeObject updated, UpdateScope scope, CancellationToken cancellationToken)
    {
        var write = PrepareUpdate(kind, previous, updated, scope);
        var results = await CommitAsync(tenant, [write], cancellationToken);

        // An update that removed the last finalizer of an object being deleted removed the object: answer its last state.
        return (results[0] ?? new Versioned<KubeObject>(updated, previous.Stored), write.Warnings);
    }

    /// <summary>
    /// Deletes an object with the Kubernetes semantics of <see cref="DeleteAsync(ResourceKind, string, Versioned{KubeObject}, DeletionOptions, CancellationToken)"/>;
    /// with <paramref name="cascade"/>, its dependents are removed by the garbage collector (Background), without it
    /// they are left as they are.
    /// </summary>
    public async Task DeleteAsync(ResourceKind kind, string tenant, Versioned<KubeObject> previous, bool cascade, CancellationToken cancellationToken) =>
        await DeleteAsync(kind, tenant, previous, cascade ? DeletionOptions.Default : DeletionOptions.NoCollection, cancellationToken);

    /// <summary>
    /// Deletes an object as Kubernetes does: a pod a node runs is only marked (graceful deletion, until its agent
    /// finalizes it), an object with finalizers is only marked until they are removed, anything else is removed at
    /// once. Returns the object when it stays (terminating), null when it is gone.
    /// </summary>
    public async Task<Versioned<KubeObject>?> DeleteAsync(ResourceKind kind, string tenant, Versioned<KubeObject> previous, DeletionOptions options, CancellationToken cancellationToken)
    {
        var write = PrepareDelete(kind, previous, options);
        if (write is null)
        {
            return previous;
        }

        return (await CommitAsync(tenant, [write], cancellationToken))[0];
    }

    public ObjectWrite PrepareCreate(ResourceKind kind, string tenant, KubeObject value)
    {
        var meta = value.Metadata;
        if (string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName))
        {
            meta.Name = meta.GenerateName + RandomSuffix();
        }

        value.ApiVersion = kind.ApiVersion;
        value.Kind = kind.Kind;
        meta.Namespace = kind.Namespaced ? meta.Namespace : null;
        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = Truncate(_time.GetUtcNow());
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.ResourceVersion = null;
        meta.SelfLink = null;
        meta.Generation = 1;
        kind.PrepareForCreate(value);
        kind.ApplyDefaults(value);
        var validation = kind.Validate(value);
        if (!validation.IsValid)
        {
            throw new ApiException(StatusErrors.Invalid(kind, meta.Name ?? meta.GenerateName ?? "", validation.Errors));
        }

        var claims = value is Service service ? Allocate(kind, null, service) : [];
        return new ObjectWrite(kind, null, value, new StoreOperation.Create(Key(kind, tenant, meta.Namespace ?? "", meta.Name!), Bytes(kind, value), kind.Indexes(value)), validation.Warnings)
        {
            Claims = claims,
        };
    }

    public ObjectWrite PrepareUpdate(ResourceKind kind, Versioned<KubeObject> previous, KubeObject updated, UpdateScope scope)
    {
        var old = previous.Object;
        if (scope == UpdateScope.Status)
        {
            kind.CopySpec(old, updated);
        }
        else if (scope == UpdateScope.Spec)
        {
            kind.CopyStatus(old, updated);
        }

        var meta = updated.Metadata;
        updated.ApiVersion = kind.ApiVersion;
        updated.Kind = kind.Kind;
        meta.Name = old.Metadata.Name;
        meta.Namespace = old.Metadata.Namespace;
        meta.Uid = old.Metadata.Uid;
        meta.CreationTimestamp = old.Metadata.CreationTimestamp;
        meta.DeletionTimestamp = old.Metadata.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = old.Metadata.DeletionGracePeriodSeconds;
        meta.GenerateName = old.Metadata.GenerateName;
        meta.SelfLink = null;
        meta.ResourceVersion = null;
        if (old is Service oldService && updated is Service updatedService)
        {
            ServiceDefaults.KeepAllocated(oldService, updatedService);
        }

        kind.ApplyDefaults(updated);
        meta.Generation = (old.Metadata.Generation ?? 1) + (kind.SpecFingerprint(old) == kind.SpecFingerprint(updated) ? 0 : 1);
        var validation = kind.Validate(updated);
        List<FieldError> errors = scope == UpdateScope.Whole ? [.. validation.Errors] : [.. validation.Errors, .. kind.ValidateUpdate(old, updated).Errors];
        var deleting = old.Metadata.DeletionTimestamp is not null;
        if (deleting && (meta.Finalizers ?? []).Except(old.Metadata.Finalizers ?? [], StringComparer.Ordinal).Any())
        {
            errors.Add(FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted"));
        }

        if (errors.Count > 0)
        {
            throw new ApiException(StatusErrors.Invalid(kind, meta.Name ?? "", errors));
        }

        if (deleting && kind == ResourceRegistry.Pods)
        {
            // Whatever a status report says, a terminating pod never turns Ready again.
            PodTermination.MarkNotReady((Pod)updated, Truncate(_time.GetUtcNow()));
        }

        if (deleting && (meta.Finalizers ?? []).Count == 0 && (meta.DeletionGracePeriodSeconds ?? 0) == 0)
        {
            // The last finalizer is gone and no grace period is pending: the object goes now.
            return new ObjectWrite(kind, old, null, new StoreOperation.Delete(previous.Stored), validation.Warnings);
        }

        var claims = updated is Service service ? Allocate(kind, (Service)old, service) : [];
        return new ObjectWrite(kind, old, updated, new StoreOperation.Update(previous.Stored, Bytes(kind, updated), kind.Indexes(updated)), validation.Warnings)
        {
            Claims = claims,
        };
    }

    /// <summary>
    /// Prepares a deletion with Kubernetes' semantics (<c>BeforeDelete</c> and the finalizer rules of the generic
    /// registry): null when the object is already being deleted and the request changes nothing.
    /// <list type="bullet">
    /// <item>A pod bound to a node and not finished gets <c>deletionTimestamp</c> = now + grace and
    /// <c>deletionGracePeriodSeconds</c>, and its Ready conditions turn False; its agent finalizes it.</item>
    /// <item>An object with finalizers (the propagation policy adds <c>foregroundDeletion</c> or <c>orphan</c>) gets
    /// <c>deletionTimestamp</c> with grace 0 and stays until they are removed.</item>
    /// <item>Anything else is removed. A second deletion may shorten a pending grace period, never lengthen it.</item>
    /// </list>
    /// </summary>
    public ObjectWrite? PrepareDelete(ResourceKind kind, Versioned<KubeObject> previous, DeletionOptions options)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(options);
        var old = previous.Object;
        var meta = old.Metadata;
        var uid = meta.Uid;
        List<string> finalizers;
        long grace;
        DateTimeOffset deletionTimestamp;
        string? marker = null;
        if (meta.DeletionTimestamp is { } since)
        {
            // Already being deleted: only a shorter grace period changes anything (the policy was settled then).
            finalizers = meta.Finalizers ?? [];
            var pending = meta.DeletionGracePeriodSeconds ?? 0;
            grace = pending;
            deletionTimestamp = since;
            if (pending > 0 && options.GracePeriodSeconds is { } requested && Math.Max(0, requested) < pending)
            {
                grace = Math.Max(0, requested);
                deletionTimestamp = since.AddSeconds(grace - pending);
            }

            if (grace == pending && (grace > 0 || finalizers.Count > 0))
            {
                return null;
            }
        }
        else
        {
            finalizers = Finalizers.For(meta.Finalizers, options.Propagation);
            grace = kind == ResourceRegistry.Pods ? PodTermination.GracePeriodSeconds((Pod)old, options.GracePeriodSeconds) : 0;
            deletionTimestamp = Truncate(_time.GetUtcNow()).AddSeconds(grace);
            marker = Collects(kind, options) ? uid : null;
        }

        if (grace == 0 && finalizers.Count == 0)
        {
            return new ObjectWrite(kind, old, null, new StoreOperation.Delete(previous.Stored), [], marker);
        }

        var updated = kind.Deserialize(kind.Serialize(old));
        updated.Metadata.ResourceVersion = null;
        updated.Metadata.DeletionTimestamp = deletionTimestamp;
        updated.Metadata.DeletionGracePeriodSeconds = grace;
        updated.Metadata.Finalizers = finalizers.Count == 0 ? null : finalizers;

        // As Kubernetes: the generation moves so that whoever acts on the object (the pod's agent, a controller) sees the change.
        updated.Metadata.Generation = (meta.Generation ?? 1) + 1;
        if (kind == ResourceRegistry.Pods)
        {
            PodTermination.MarkNotReady((Pod)updated, Truncate(_time.GetUtcNow()));
        }

        return new ObjectWrite(kind, old, updated, new StoreOperation.Update(previous.Stored, Bytes(kind, updated), kind.Indexes(updated)), [], marker);
    }

    /// <summary>
    /// Whether a deletion leaves a garbage marker: for its dependents (pods own none, so a plain pod deletion needs
    /// none), for the finalizers the collector owns, and always for a node, whose pods the collector removes.
    /// </summary>
    private static bool Collects(ResourceKind kind, DeletionOptions options) =>
        kind == ResourceRegistry.Nodes ||
        options.Propagation is DeletionPropagation.Foreground or DeletionPropagation.Orphan ||
        (options.Collect && kind != ResourceRegistry.Pods);

    /// <summary>
    /// Commits writes of one tenant: all in one transaction when they fit the store's budget and share its commit group,
    /// otherwise in consecutive transactions (each atomic), group by group. Store refusals become Kubernetes Status
    /// errors.
    /// </summary>
    public Task<IReadOnlyList<Versioned<KubeObject>?>> CommitAsync(string tenant, IReadOnlyList<ObjectWrite> writes, CancellationToken cancellationToken) =>
        CommitGuardedAsync(tenant, writes, guard: null, cancellationToken);

    /// <summary>
    /// As <see cref="CommitAsync"/>, with the operation of <paramref name="guard"/> for each transaction's commit group
    /// (such as a version-checked update of that group's token row) appended to it, so that each one commits only if
    /// the guard still holds.
    /// </summary>
    public async Task<IReadOnlyList<Versioned<KubeObject>?>> CommitGuardedAsync(string tenant, IReadOnlyList<ObjectWrite> writes, ICommitGuard? guard, CancellationToken cancellationToken)
    {
        var results = new Versioned<KubeObject>?[writes.Count];
        var pending = new List<(int Index, ObjectWrite Write)>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (ChangesNothing(write))
            {
                // As Kubernetes: an update that changes nothing is not written, and the object keeps its version.
                write.New!.Metadata.ResourceVersion = write.Operation is StoreOperation.Update update ? update.Previous.ResourceVersion : null;
                results[i] = new Versioned<KubeObject>(write.New, ((StoreOperation.Update)write.Operation).Previous);
                continue;
            }

            // A Service's claims are taken and released in the transaction that writes it.
            pending.Add((i, write.Kind == ResourceRegistry.Services ? await WithClaimRowsAsync(tenant, write, cancellationToken) : write));
        }

        // A pod created already bound to a node takes room no scheduler pass planned: its transaction moves its commit
        // group's scheduler pass token, so that a pass planned without it fails and plans again, and schedulers'
        // caches of bound pods are read again (ADR 0016).
        var touchesToken = guard is null && pending.Exists(p => CreatesBoundPod(p.Write));
        var budget = guard is null && !touchesToken ? _store.MaxCommitCost : _store.MaxCommitCost - GuardCost;
        foreach (var (group, inGroup) in ByGroup(pending))
        {
            foreach (var chunk in Chunk(tenant, group, inGroup, budget))
            {
                var stored = await CommitChunkAsync(tenant, group, chunk, guard, touchesToken, cancellationToken);
                var changes = new List<ObjectChange>(chunk.Count);
                var index = 0;
                foreach (var (position, write) in chunk)
                {
                    var row = stored[index];
                    index += 1 + (write.MarkForCollection is null ? 0 : 1) + write.Extra.Count;
                    if (row is not null && write.New is not null)
                    {
                        write.New.Metadata.ResourceVersion = row.ResourceVersion;
                        results[position] = new Versioned<KubeObject>(write.New, row);
                    }

                    changes.Add(new ObjectChange(tenant, write.Kind, write.Old, write.New));
                }

                foreach (var observer in _observers)
                {
                    await observer.OnChangedAsync(changes, cancellationToken);
                }
            }
        }

        return results;
    }

    private async Task<IReadOnlyList<StoredObject?>> CommitChunkAsync(
        string tenant, string group, List<(int Index, ObjectWrite Write)> chunk, ICommitGuard? guard, bool touchesToken, CancellationToken cancellationToken)
    {
        var chunkGuard = guard ?? (touchesToken && chunk.Exists(c => CreatesBoundPod(c.Write))
            ? await SchedulerPassToken.ReadAsync(_store, tenant, [group], cancellationToken)
            : null);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await _store.CommitAsync(tenant, Operations(tenant, group, chunk, chunkGuard), cancellationToken);
                chunkGuard?.Committed(group, stored[^1]);
                return stored;
            }
            catch (StoreException e) when (e.Failure == StoreFailure.AlreadyExists && TakenClaim(tenant, chunk, e.Key) is { } taken)
            {
                chunk[taken.Position] = (chunk[taken.Position].Index, Repick(tenant, chunk[taken.Position].Write, taken.Claim, attempt));
            }
            catch (StoreException e) when (guard is null && chunkGuard is not null && e.Failure == StoreFailure.Conflict &&
                e.Key == SchedulerPassToken.Key(tenant, group) && attempt < MaxTokenTouches)
            {
                // A scheduler pass committed in between: touch the token's new version.
                chunkGuard = await SchedulerPassToken.ReadAsync(_store, tenant, [group], cancellationToken);
            }
            catch (StoreException e)
            {
                throw Translate(e, [.. chunk.Select(c => c.Write)]);
            }
        }
    }

    /// <summary>The writes by the store's commit group of their object, each group in the order its first write came.</summary>
    private List<(string Group, List<(int Index, ObjectWrite Write)> Writes)> ByGroup(List<(int Index, ObjectWrite Write)> writes)
    {
        var groups = new List<(string Group, List<(int Index, ObjectWrite Write)> Writes)>();
        foreach (var write in writes)
        {
            var group = _store.CommitGroup(write.Write.Operation.Key);
            var found = groups.FindIndex(g => g.Group == group);
            if (found < 0)
            {
                groups.Add((group, [write]));
            }
            else
            {
                groups[found].Writes.Add(write);
            }
        }

        return groups;
    }

    /// <summary>An update whose stored JSON and index entries would be what they are, with nothing else to write.</summary>
    private static bool ChangesNothing(ObjectWrite write) =>
        write.Operation is StoreOperation.Update update && !write.Guards &&
        write.New is not null && write.MarkForCollection is null && write.Claims.Count == 0 && write.Extra.Count == 0 &&
        update.Json.AsSpan().SequenceEqual(update.Previous.Json) &&
        update.Indexes.ToHashSet().SetEquals(update.Previous.Indexes);

    private static bool CreatesBoundPod(ObjectWrite write) =>
        write.Kind == ResourceRegistry.Pods && write.Old is null && write.New is Pod { Spec.NodeName.Length: > 0 };

    /// <summary>
    /// The store operations of writes of one commit group: each object, its garbage marker (an internal row of the same
    /// group), its extra rows, and the guard's operation last.
    /// </summary>
    private static List<StoreOperation> Operations(string tenant, string group, List<(int Index, ObjectWrite Write)> chunk, ICommitGuard? guard)
    {
        var operations = new List<StoreOperation>(chunk.Count * 2);
        foreach (var (_, write) in chunk)
        {
            operations.Add(write.Operation);
            if (write.MarkForCollection is { } uid)
            {
                operations.Add(write.Old is { } owner ? GarbageMarkers.Create(tenant, group, uid, write.Kind, owner) : GarbageMarkers.Create(tenant, group, uid));
            }

            operations.AddRange(write.Extra);
        }

        if (guard is not null)
        {
            operations.Add(guard.Next(group));
        }

        return operations;
    }

    /// <summary>Allocates what a Service lacks; a chosen value outside the configured ranges is a 422.</summary>
    private IReadOnlyList<ServiceClaim> Allocate(ResourceKind kind, Service? old, Service service)
    {
        var errors = new List<FieldError>();
        var claims = _allocator.Allocate(old, service, errors);
        return errors.Count > 0 ? throw new ApiException(StatusErrors.Invalid(kind, service.Metadata.Name ?? "", errors)) : claims;
    }

    /// <summary>
    /// The claim rows a Service write creates, and the rows of the values it gives up (the old object's, found by
    /// key and removed only when they still name it) which it deletes.
    /// </summary>
    private async Task<ObjectWrite> WithClaimRowsAsync(string tenant, ObjectWrite write, CancellationToken cancellationToken)
    {
        var extra = new List<StoreOperation>();
        var remaining = write.Operation is StoreOperation.Delete ? null : write.New as Service;
        if (remaining is not null)
        {
            extra.AddRange(write.Claims.Select(c => ServiceClaimRows.Create(tenant, c, remaining)));
        }

        if (write.Old is Service old)
        {
            foreach (var released in ServiceAllocator.Released(old, remaining))
            {
                if (await _store.GetAsync(released.Key(tenant), cancellationToken) is { } row && ServiceClaimRows.OwnerUid(row) == old.Metadata.Uid)
                {
                    extra.Add(new StoreOperation.Delete(row));
                }
            }
        }

        return write with { Extra = extra };
    }

    private static (int Position, ServiceClaim Claim)? TakenClaim(string tenant, List<(int Index, ObjectWrite Write)> chunk, ObjectKey? key)
    {
        for (var i = 0; i < chunk.Count; i++)
        {
            if (chunk[i].Write.Claims.FirstOrDefault(c => c.Key(tenant) == key) is { } claim)
            {
                return (i, claim);
            }
        }

        return null;
    }

    /// <summary>
    /// Another Service holds a value this write claims: a value the user chose is refused as Kubernetes refuses it;
    /// one the allocator picked is replaced by another random one, a few times before the range is reported full.
    /// </summary>
    private ObjectWrite Repick(string tenant, ObjectWrite write, ServiceClaim taken, int attempt)
    {
        var service = (Service)write.New!;
        var name = service.Metadata.Name ?? "";
        if (taken.Chosen)
        {
            var error = taken.IsNodePort
                ? FieldError.Invalid(taken.Field, long.Parse(taken.Value, System.Globalization.CultureInfo.InvariantCulture), "provided port is already allocated")
                : FieldError.Invalid(taken.Field, taken.Value, $"failed to allocate IP {taken.Value}: provided IP is already allocated");
            throw new ApiException(StatusErrors.Invalid(write.Kind, name, [error]));
        }

        if (attempt >= ServiceAllocator.MaxAttempts)
        {
            var range = taken.IsNodePort ? _allocator.NodePorts.ToString() : _allocator.ClusterIPs.ToString();
            throw new ApiException(StatusErrors.ServiceUnavailable($"Service \"{name}\": failed to allocate {taken.Field}: no free value found in {range} after {attempt} tries; the range is full or nearly full"));
        }

        var replacement = _allocator.Repick(write.Old as Service, service, taken);
        var operation = write.Operation switch
        {
            StoreOperation.Create c => new StoreOperation.Create(c.Key, Bytes(write.Kind, service), write.Kind.Indexes(service)),
            StoreOperation.Update u => new StoreOperation.Update(u.Previous, Bytes(write.Kind, service), write.Kind.Indexes(service)),
            var other => other,
        };
        var takenKey = taken.Key(tenant);
        return write with
        {
            Operation = operation,
            Claims = [.. write.Claims.Select(c => c == taken ? replacement : c)],
            Extra = [.. write.Extra.Where(op => op.Key != takenKey), ServiceClaimRows.Create(tenant, replacement, service)],
        };
    }

    public static ObjectKey Key(ResourceKind kind, string tenant, string ns, string name) =>
        new(tenant, kind.QualifiedName, kind.Namespaced ? ns : "", name);

    private Versioned<T> Materialize<T>(ResourceKind<T> kind, StoredObject stored)
        where T : KubeObject
    {
        var value = (T)_codec.Decode(kind, stored.Json);
        value.Metadata.ResourceVersion = stored.ResourceVersion;
        return new Versioned<T>(value, stored);
    }

    private Versioned<KubeObject> Materialize(ResourceKind kind, StoredObject stored)
    {
        var value = _codec.Decode(kind, stored.Json);
        value.Metadata.ResourceVersion = stored.ResourceVersion;
        return new Versioned<KubeObject>(value, stored);
    }

    private byte[] Bytes(ResourceKind kind, KubeObject value)
    {
        // The version lives in the row's ETag, never in the stored JSON.
        var version = value.Metadata.ResourceVersion;
        value.Metadata.ResourceVersion = null;
        var bytes = _codec.Encode(kind, value);
        value.Metadata.ResourceVersion = version;
        return bytes;
    }

    /// <summary>Consecutive writes in commits that each fit the store's budget (a write is never split).</summary>
    private IEnumerable<List<(int Index, ObjectWrite Write)>> Chunk(string tenant, string group, List<(int Index, ObjectWrite Write)> writes, int budget)
    {
        var chunk = new List<(int Index, ObjectWrite Write)>();
        var spent = 0;
        foreach (var write in writes)
        {
            var cost = Operations(tenant, group, [write], guard: null).Sum(_store.CommitCost);
            if (chunk.Count > 0 && spent + cost > budget)
            {
                yield return chunk;
                chunk = [];
                spent = 0;
            }

            chunk.Add(write);
            spent += cost;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static ApiException Translate(StoreException e, List<ObjectWrite> chunk)
    {
        var write = chunk.FirstOrDefault(w => w.Operation.Key == e.Key) ?? chunk[0];
        var name = e.Key?.Name ?? write.Operation.Key.Name;
        return e.Failure switch
        {
            StoreFailure.AlreadyExists => new ApiException(StatusErrors.AlreadyExists(write.Kind, name)),
            StoreFailure.Conflict => new ApiException(StatusErrors.Conflict(write.Kind, name)),
            StoreFailure.NotFound => new ApiException(StatusErrors.NotFound(write.Kind, name)),
            _ => new ApiException(new Status
            {
                Outcome = "Failure",
                Code = 413,
                Reason = "RequestEntityTooLarge",
                Message = $"{write.Kind.QualifiedName} \"{name}\" cannot be stored: {e.Message}",
            }),
        };
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Five characters from the alphabet Kubernetes uses for generated names (no vowels, no confusable digits).</summary>
    public static string RandomSuffix()
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }
}
