using System.Globalization;

namespace Orchestrator.Storage;

/// <summary>
/// Spreads a tenant's node leases over partitions <c>tenant~XX</c>. Azure serves about 2,000 entities a second per
/// partition: 20,000 agents renewing every 10 s are 2,000 writes a second, the whole budget of one partition, so a
/// big tenant's heartbeats must span several partitions (16 buckets keep each at an eighth of that budget) while a
/// list of the tenant's leases stays one PartitionKey range query.
/// </summary>
internal static class LeaseBuckets
{
    public const int MaxBuckets = 256;

    public static string PartitionKey(string tenant, string nodeName, int bucketCount) =>
        TableKey.Escape(tenant) + TableKey.Separator + Bucket(nodeName, bucketCount).ToString("x2", CultureInfo.InvariantCulture);

    /// <summary>The inclusive lower and exclusive upper PartitionKey of all of a tenant's buckets.</summary>
    public static (string From, string To) TenantRange(string tenant)
    {
        var escaped = TableKey.Escape(tenant);
        return (escaped + TableKey.Separator, escaped + TableKey.Separator + TableKey.Separator);
    }

    public static int Bucket(string nodeName, int bucketCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucketCount, MaxBuckets);
        return StableHash.Bucket(nodeName, bucketCount);
    }
}
