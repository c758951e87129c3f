using System.Globalization;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// Which partition of the objects table holds a key (docs/adr/0020). A tenant's objects are spread by a stable hash of
/// resource, namespace and name over <c>g00</c>…: the object groups; Events, many and expendable, over partitions of
/// their own, <c>e00</c>…; Services (with their cluster-IP and node-port claims, which must be unique in the tenant)
/// in the home partition <c>h</c>. An internal row names its group in its namespace (home when empty), so that it
/// joins the transaction of the object it belongs to. The partition key is <c>tenant~group</c>.
/// </summary>
internal sealed class TablePlacement
{
    public const string Home = "h";
    public const int MaxBuckets = 64;

    private const string ObjectPrefix = "g";
    private const string EventPrefix = "e";
    private const string Services = "services";
    private const string Events = "events";

    private readonly int _buckets;
    private readonly HashSet<string> _known;

    public TablePlacement(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, MaxBuckets);
        _buckets = buckets;
        ObjectGroups = [.. Enumerable.Range(0, buckets).Select(b => ObjectPrefix + b.ToString("x2", CultureInfo.InvariantCulture))];
        EventGroups = [.. Enumerable.Range(0, buckets).Select(b => EventPrefix + b.ToString("x2", CultureInfo.InvariantCulture))];
        All = [Home, .. ObjectGroups, .. EventGroups];
        _known = new HashSet<string>(All, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> ObjectGroups { get; }

    public IReadOnlyList<string> EventGroups { get; }

    /// <summary>Every group of a tenant, in the order of a tenant position's components.</summary>
    public IReadOnlyList<string> All { get; }

    public static bool IsInternal(string resource) => resource.EndsWith(IObjectStore.InternalResourceSuffix, StringComparison.Ordinal);

    public string Group(ObjectKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsInternal(key.Resource))
        {
            var group = key.Namespace.Length == 0 ? Home : key.Namespace;
            return _known.Contains(group)
                ? group
                : throw new ArgumentException($"Internal row {key.Describe()} names group '{key.Namespace}', which this store does not have.", nameof(key));
        }

        return key.Resource switch
        {
            Services => Home,
            Events => EventGroups[StableHash.Bucket(key.Namespace + "/" + key.Name, _buckets)],
            _ => ObjectGroups[StableHash.Bucket(key.Resource + "/" + key.Namespace + "/" + key.Name, _buckets)],
        };
    }

    /// <summary>The groups a resource's objects can be in (every group for internal rows).</summary>
    public IReadOnlyList<string> Groups(string resource) =>
        IsInternal(resource) ? All : resource switch
        {
            Services => [Home],
            Events => EventGroups,
            _ => ObjectGroups,
        };

    public static string PartitionKey(string tenant, string group)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        return TableKey.Escape(tenant) + TableKey.Separator + group;
    }
}
