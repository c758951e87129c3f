using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

/// <summary>The stores over a fresh, uniquely prefixed set of tables in the shared Azurite.</summary>
internal sealed class TestTables
{
    private TestTables(AzuriteFixture azurite, int leaseBucketCount, TimeProvider time)
    {
        Options = new StorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TablePrefix = UniquePrefix(),
            LeaseBucketCount = leaseBucketCount,
        };
        Client = new TableServiceClient(Options.ConnectionString);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Objects = new TableObjectStore(Client, options, time, NullLogger<TableObjectStore>.Instance);
        Leases = new TableLeaseStore(Client, options);
        Identity = new TableIdentityStore(Client, options);
        Initializer = new TableStorageInitializer(Client, options, NullLogger<TableStorageInitializer>.Instance);
    }

    public StorageOptions Options { get; }

    public TableServiceClient Client { get; }

    public TableObjectStore Objects { get; }

    public TableLeaseStore Leases { get; }

    public TableIdentityStore Identity { get; }

    public TableStorageInitializer Initializer { get; }

    public TableClient ObjectsTable => Client.GetTableClient(TableNames.Objects(Options.TablePrefix));

    public TableClient LeasesTable => Client.GetTableClient(TableNames.Leases(Options.TablePrefix));

    public static async Task<TestTables> CreateAsync(AzuriteFixture azurite, int leaseBucketCount = 16, TimeProvider? time = null)
    {
        var tables = new TestTables(azurite, leaseBucketCount, time ?? TimeProvider.System);
        await tables.Initializer.CreateTablesAsync(CancellationToken.None);
        return tables;
    }

    /// <summary>Another store over the same tables, as a second process (another Functions instance) would have.</summary>
    public TableObjectStore SecondObjectStore(TimeProvider time) =>
        new(Client, Microsoft.Extensions.Options.Options.Create(Options), time, NullLogger<TableObjectStore>.Instance);

    /// <summary>
    /// Every row of a tenant's partitions of the objects table, by <c>group/row key</c>, as stored (raw keys and ETags).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TableEntity>> RawRowsAsync(string tenant)
    {
        var rows = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        var from = TableKey.Escape(tenant) + TableKey.Separator;
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {TableKey.UpperBound(from)}");
        await foreach (var row in ObjectsTable.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row.PartitionKey[from.Length..] + "/" + row.RowKey, row);
        }

        return rows;
    }

    private static string UniquePrefix()
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        return "t" + new string(Random.Shared.GetItems(letters.AsSpan(), 10));
    }
}
