using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orchestrator.AzureSdk;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

/// <summary>
/// Node leases as small rows in their own table, keyed <c>tenant~bucket</c> / node name (see <see cref="LeaseBuckets"/>
/// for why heartbeats are spread over partitions). A renewal is one unconditional upsert.
/// </summary>
internal sealed class TableLeaseStore : ILeaseStore
{
    private const string HolderProperty = "Holder";
    private const string RenewTimeProperty = "RenewTime";
    private const string DurationProperty = "DurationSeconds";

    private static readonly string[] Columns = ["RowKey", HolderProperty, RenewTimeProperty, DurationProperty];

    private readonly TableClient _table;
    private readonly int _bucketCount;

    public TableLeaseStore(TableServiceClient client, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _table = client.GetTableClient(TableNames.Leases(options.Value.TablePrefix));
        _bucketCount = options.Value.LeaseBucketCount;
    }

    public async Task RenewAsync(NodeLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var entity = new TableEntity(PartitionKey(lease.Tenant, lease.NodeName), RowKey(lease.NodeName))
        {
            [HolderProperty] = lease.HolderIdentity ?? string.Empty,
            [RenewTimeProperty] = lease.RenewTime,
            [DurationProperty] = lease.LeaseDurationSeconds,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        AzureRequestCounting.CountEntities("leases", entity.PartitionKey[(entity.PartitionKey.LastIndexOf(TableKey.Separator) + 1)..], 1);
    }

    public async Task<NodeLease?> GetAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(tenant, nodeName), RowKey(nodeName), Columns, cancellationToken);
        return response.HasValue ? Read(tenant, response.Value!) : null;
    }

    public async Task<IReadOnlyList<NodeLease>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var (from, to) = LeaseBuckets.TenantRange(tenant);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");

        // Keyed by node so that a row left in an old bucket (after a change of the bucket count) never shows twice.
        var leases = new Dictionary<string, NodeLease>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, 1000, Columns, cancellationToken))
        {
            var lease = Read(tenant, row);
            if (!leases.TryGetValue(lease.NodeName, out var seen) || seen.RenewTime < lease.RenewTime)
            {
                leases[lease.NodeName] = lease;
            }
        }

        return [.. leases.Values.OrderBy(l => l.NodeName, StringComparer.Ordinal)];
    }

    public async Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(PartitionKey(tenant, nodeName), RowKey(nodeName), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }

    private static NodeLease Read(string tenant, TableEntity row) =>
        new(
            tenant,
            TableKey.Unescape(row.RowKey),
            row.GetString(HolderProperty) ?? string.Empty,
            row.GetDateTimeOffset(RenewTimeProperty) ?? DateTimeOffset.MinValue,
            row.GetInt32(DurationProperty) ?? 0);

    private static string RowKey(string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        var rowKey = TableKey.Escape(nodeName);
        return TableLimits.KeyBytes(rowKey) <= TableLimits.MaxKeyBytes
            ? rowKey
            : throw new StoreException(StoreFailure.TooLarge, null, $"Node name '{nodeName}' is too long for a lease key (Azure allows 1 KiB a key).");
    }

    private string PartitionKey(string tenant, string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        var partitionKey = LeaseBuckets.PartitionKey(tenant, nodeName, _bucketCount);
        return TableLimits.KeyBytes(partitionKey) <= TableLimits.MaxKeyBytes
            ? partitionKey
            : throw new StoreException(StoreFailure.TooLarge, null, $"Tenant '{tenant}' is too long for a lease key (Azure allows 1 KiB a key).");
    }
}
