using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>An operation of a commit and the distinct index entries its object has after it (null for a delete).</summary>
internal sealed record PlannedOperation(StoreOperation Operation, IReadOnlyList<IndexEntry>? Indexes);

/// <summary>
/// The checks every store makes before it writes anything: keys complete, well-formed Unicode (SQLite keeps text as
/// UTF-8, which has no lone surrogates) and of the commit's tenant, index entries well-formed (duplicates dropped),
/// each object touched once. A failure is the caller's mistake, not the store's
/// refusal, hence <see cref="ArgumentException"/>.
/// </summary>
internal static class OperationPlan
{
    public static List<PlannedOperation> Build(string tenant, IReadOnlyList<StoreOperation> operations)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(operations);
        var plan = new List<PlannedOperation>(operations.Count);
        var touched = new HashSet<ObjectKey>(operations.Count);
        foreach (var operation in operations)
        {
            if (operation is null)
            {
                throw new ArgumentException("A commit contains a null operation.", nameof(operations));
            }

            var key = operation.Key;
            if (key is null || string.IsNullOrEmpty(key.Resource) || string.IsNullOrEmpty(key.Name) || key.Namespace is null)
            {
                throw new ArgumentException($"Object key {key} needs a resource, a name and a namespace (empty when cluster-scoped).", nameof(operations));
            }

            if (!IsWellFormed(key.Resource) || !IsWellFormed(key.Namespace) || !IsWellFormed(key.Name))
            {
                throw new ArgumentException($"Object key {key} is not well-formed Unicode (it has a lone surrogate).", nameof(operations));
            }

            if (!string.Equals(key.Tenant, tenant, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{key.Describe()} belongs to tenant '{key.Tenant}', but the commit is for tenant '{tenant}'.", nameof(operations));
            }

            if (!touched.Add(key))
            {
                throw new ArgumentException($"{key.Describe()} is touched twice in one commit.", nameof(operations));
            }

            plan.Add(operation switch
            {
                StoreOperation.Create create => new PlannedOperation(create, Distinct(create.Indexes, create.Json)),
                StoreOperation.Update update => new PlannedOperation(update, Distinct(update.Indexes, update.Json)),
                StoreOperation.Delete delete => new PlannedOperation(delete, null),
                _ => throw new ArgumentException($"Unknown operation {operation.GetType().Name}.", nameof(operations)),
            });
        }

        return plan;
    }

    /// <summary>The entries without repeats, in their first order; each must name an index (its value may be empty).</summary>
    public static List<IndexEntry> Distinct(IReadOnlyList<IndexEntry>? entries)
    {
        var result = new List<IndexEntry>(entries?.Count ?? 0);
        foreach (var entry in entries ?? [])
        {
            if (entry is null || string.IsNullOrEmpty(entry.Index) || entry.Value is null)
            {
                throw new ArgumentException("An index entry needs an index name and a value (which may be empty).", nameof(entries));
            }

            if (!IsWellFormed(entry.Index) || !IsWellFormed(entry.Value))
            {
                throw new ArgumentException($"Index entry {entry} is not well-formed Unicode (it has a lone surrogate).", nameof(entries));
            }

            if (!result.Contains(entry))
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>False when the text has a lone surrogate (UTF-8, and so SQLite, cannot hold it).</summary>
    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static List<IndexEntry> Distinct(IReadOnlyList<IndexEntry> entries, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Distinct(entries);
    }
}
