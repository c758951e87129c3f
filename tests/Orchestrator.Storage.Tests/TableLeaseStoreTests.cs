using Orchestrator.ControlPlane.Store;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableLeaseStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private TestTables _tables = null!;

    private TableLeaseStore Store => _tables.Leases;

    public async Task InitializeAsync() => _tables = await TestTables.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RenewAsync_ThenGet_ReturnsTheLease()
    {
        var lease = new NodeLease("acme", "worker-1", "agent-7", Now, 40);

        await Store.RenewAsync(lease, None);

        Assert.Equal(lease, await Store.GetAsync("acme", "worker-1", None));
    }

    [Fact]
    public async Task RenewAsync_Again_ReplacesTheLease()
    {
        await Store.RenewAsync(new NodeLease("acme", "worker-1", "agent-7", Now, 40), None);
        var renewed = new NodeLease("acme", "worker-1", "agent-8", Now.AddSeconds(10), 30);

        await Store.RenewAsync(renewed, None);

        Assert.Equal(renewed, await Store.GetAsync("acme", "worker-1", None));
        Assert.Single(await Store.ListAsync("acme", None));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("acme", "nope", None));
    }

    [Fact]
    public async Task ListAsync_ManyNodes_SpreadOverBucketsAndListsThemAll()
    {
        var names = Enumerable.Range(0, 64).Select(i => $"node-{i:D3}").ToList();
        foreach (var name in names)
        {
            await Store.RenewAsync(new NodeLease("acme", name, name, Now, 40), None);
        }

        var listed = await Store.ListAsync("acme", None);

        Assert.Equal(names, listed.Select(l => l.NodeName));
        Assert.All(listed, l => Assert.Equal("acme", l.Tenant));
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _tables.LeasesTable.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            partitions.Add(row.PartitionKey);
        }

        Assert.True(partitions.Count >= 12, $"64 nodes landed in only {partitions.Count} of 16 buckets.");
        Assert.All(partitions, p => Assert.Matches("^acme~[0-9a-f]{2}$", p));
    }

    [Fact]
    public async Task ListAsync_OtherTenants_NeverListed()
    {
        await Store.RenewAsync(new NodeLease("a", "n1", "h", Now, 40), None);
        foreach (var tenant in new[] { "b", "a~", "a~0", "a%7E", "ab", "a\u007f" })
        {
            await Store.RenewAsync(new NodeLease(tenant, "n1", "h", Now, 40), None);
            await Store.RenewAsync(new NodeLease(tenant, "n2", "h", Now, 40), None);
        }

        var listed = await Store.ListAsync("a", None);

        Assert.Equal(new NodeLease("a", "n1", "h", Now, 40), Assert.Single(listed));
        Assert.Equal(2, (await Store.ListAsync("a~", None)).Count);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheLeaseAndIsIdempotent()
    {
        await Store.RenewAsync(new NodeLease("acme", "worker/1#", "h", Now, 40), None);

        await Store.DeleteAsync("acme", "worker/1#", None);
        await Store.DeleteAsync("acme", "worker/1#", None);

        Assert.Null(await Store.GetAsync("acme", "worker/1#", None));
        Assert.Empty(await Store.ListAsync("acme", None));
    }

    [Fact]
    public void Bucket_SameName_IsStableAndWithinRange()
    {
        Assert.Equal(LeaseBuckets.Bucket("worker-1", 16), LeaseBuckets.Bucket("worker-1", 16));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(LeaseBuckets.Bucket($"n{i}", 16), 0, 15));
        Assert.Equal("acme~" + LeaseBuckets.Bucket("n", 256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture), LeaseBuckets.PartitionKey("acme", "n", 256));
    }
}
