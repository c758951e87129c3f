using System.Globalization;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Functions.Tests.Fakes;

/// <summary>
/// An <see cref="IObjectStore"/> in memory with the contract of the Table Storage one: atomic commits, versions
/// checked on update and delete, listing by resource, namespace or index entry in key order, with continue tokens.
/// </summary>
internal sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private long _version;

    public Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_objects.GetValueOrDefault(SortKey(key)));
        }
    }

    public Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Check everything first: a refused commit writes nothing.
            foreach (var operation in operations)
            {
                if (operation.Key.Tenant != tenant)
                {
                    throw new ArgumentException($"Key {operation.Key} is not in tenant {tenant}.", nameof(operations));
                }

                var current = _objects.GetValueOrDefault(SortKey(operation.Key));
                switch (operation)
                {
                    case StoreOperation.Create when current is not null:
                        throw new StoreException(StoreFailure.AlreadyExists, operation.Key, $"{operation.Key} already exists");
                    case StoreOperation.Update update when current?.ResourceVersion != update.Previous.ResourceVersion:
                    case StoreOperation.Delete delete when current?.ResourceVersion != delete.Previous.ResourceVersion:
                        throw new StoreException(StoreFailure.Conflict, operation.Key, $"{operation.Key} changed or is gone");
                }
            }

            var results = new List<StoredObject?>(operations.Count);
            foreach (var operation in operations)
            {
                var key = SortKey(operation.Key);
                switch (operation)
                {
                    case StoreOperation.Create create:
                        results.Add(_objects[key] = new StoredObject(create.Key, create.Json, NextVersion(), create.Indexes));
                        break;
                    case StoreOperation.Update update:
                        results.Add(_objects[key] = new StoredObject(update.Key, update.Json, NextVersion(), update.Indexes));
                        break;
                    default:
                        _objects.Remove(key);
                        results.Add(null);
                        break;
                }
            }

            return Task.FromResult<IReadOnlyList<StoredObject?>>(results);
        }
    }

    public Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var matches = _objects
                .Where(pair => pair.Value.Key.Tenant == query.Tenant && pair.Value.Key.Resource == query.Resource)
                .Where(pair => query.Namespace is null || pair.Value.Key.Namespace == query.Namespace)
                .Where(pair => query.Index is null || pair.Value.Indexes.Contains(query.Index))
                .Where(pair => query.Continue is null || string.CompareOrdinal(pair.Key, query.Continue) > 0)
                .ToList();
            var page = query.Limit is { } limit ? matches.Take(limit).ToList() : matches;
            var next = page.Count < matches.Count ? page[^1].Key : null;
            return Task.FromResult(new ObjectPage([.. page.Select(pair => pair.Value)], next));
        }
    }

    private static string SortKey(ObjectKey key) => string.Join('\u0001', key.Tenant, key.Resource, key.Namespace, key.Name);

    private string NextVersion() => (++_version).ToString(CultureInfo.InvariantCulture);
}
