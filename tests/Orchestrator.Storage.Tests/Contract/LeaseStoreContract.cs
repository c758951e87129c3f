using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Tests.Contract;

/// <summary>What every <see cref="ILeaseStore"/> must do; each store runs it through a subclass.</summary>
public abstract class LeaseStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    protected abstract ILeaseStore Store { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

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
    public async Task ListAsync_ManyNodes_ListsThemAllInNameOrder()
    {
        var names = Enumerable.Range(0, 64).Select(i => $"node-{i:D3}").ToList();
        foreach (var name in names)
        {
            await Store.RenewAsync(new NodeLease("acme", name, name, Now, 40), None);
        }

        var listed = await Store.ListAsync("acme", None);

        Assert.Equal(names, listed.Select(l => l.NodeName));
        Assert.All(listed, l => Assert.Equal("acme", l.Tenant));
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
}
