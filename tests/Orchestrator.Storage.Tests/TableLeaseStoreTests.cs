using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Tests.Contract;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

/// <summary>The lease contract on Table Storage (Azurite), and how leases spread over partitions.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableLeaseStoreTests(AzuriteFixture azurite) : LeaseStoreContract
{
    private TestTables _tables = null!;

    protected override ILeaseStore Store => _tables.Leases;

    public override async Task InitializeAsync() => _tables = await TestTables.CreateAsync(azurite);

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RenewAsync_ManyNodes_SpreadOverBuckets()
    {
        foreach (var name in Enumerable.Range(0, 64).Select(i => $"node-{i:D3}"))
        {
            await Store.RenewAsync(new NodeLease("acme", name, name, Now, 40), None);
        }

        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _tables.LeasesTable.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            partitions.Add(row.PartitionKey);
        }

        Assert.True(partitions.Count >= 12, $"64 nodes landed in only {partitions.Count} of 16 buckets.");
        Assert.All(partitions, p => Assert.Matches("^acme~[0-9a-f]{2}$", p));
    }

    [Fact]
    public void Bucket_SameName_IsStableAndWithinRange()
    {
        Assert.Equal(LeaseBuckets.Bucket("worker-1", 16), LeaseBuckets.Bucket("worker-1", 16));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(LeaseBuckets.Bucket($"n{i}", 16), 0, 15));
        Assert.Equal("acme~" + LeaseBuckets.Bucket("n", 256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture), LeaseBuckets.PartitionKey("acme", "n", 256));
    }
}
