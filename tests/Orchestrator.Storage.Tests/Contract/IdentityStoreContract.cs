using System.Security.Cryptography;
using System.Text;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Tests.Contract;

/// <summary>What every <see cref="IIdentityStore"/> must do; each store runs it through a subclass.</summary>
public abstract class IdentityStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected abstract IIdentityStore Store { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task CreateTenantAsync_Twice_ReturnsTrueThenFalse()
    {
        Assert.True(await Store.CreateTenantAsync("acme", Now, None));
        Assert.False(await Store.CreateTenantAsync("acme", Now, None));

        Assert.True(await Store.TenantExistsAsync("acme", None));
        Assert.False(await Store.TenantExistsAsync("other", None));
        Assert.Equal(["acme"], await Store.ListTenantsAsync(None));
    }

    [Fact]
    public async Task ListTenantsAsync_Several_ReturnsAll()
    {
        foreach (var tenant in new[] { "b", "a", "c/d" })
        {
            await Store.CreateTenantAsync(tenant, Now, None);
        }

        Assert.Equal(["a", "b", "c/d"], (await Store.ListTenantsAsync(None)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindKeyByHashAsync_AddedKey_ReturnsTheRecord()
    {
        var record = new ApiKeyRecord("k1", "acme", "node", "worker-1", Hash("secret-1"), Now, Now.AddDays(30), "agent key");
        await Store.AddKeyAsync(record, None);

        Assert.Equal(record, await Store.FindKeyByHashAsync(record.HashHex, None));
        Assert.Equal(record, await Store.FindKeyByHashAsync(record.HashHex.ToUpperInvariant(), None));
    }

    [Fact]
    public async Task FindKeyByHashAsync_OptionalFieldsNull_RoundTrip()
    {
        var record = new ApiKeyRecord("k2", "acme", "admin", null, Hash("secret-2"), Now, null, null);
        await Store.AddKeyAsync(record, None);

        Assert.Equal(record, await Store.FindKeyByHashAsync(record.HashHex, None));
    }

    [Fact]
    public async Task FindKeyByHashAsync_UnknownOrMalformed_ReturnsNull()
    {
        Assert.Null(await Store.FindKeyByHashAsync(Hash("unknown"), None));
        Assert.Null(await Store.FindKeyByHashAsync("not-a-hash", None));
        Assert.Null(await Store.FindKeyByHashAsync("", None));
    }

    [Fact]
    public async Task AddKeyAsync_SameHashTwice_ThrowsAlreadyExists()
    {
        var record = new ApiKeyRecord("k3", "acme", "admin", null, Hash("secret-3"), Now, null, null);
        await Store.AddKeyAsync(record, None);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.AddKeyAsync(record with { Id = "k4" }, None));

        Assert.Equal(StoreFailure.AlreadyExists, ex.Failure);
    }

    [Fact]
    public async Task AddKeyAsync_NotAHash_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.AddKeyAsync(new ApiKeyRecord("k", "acme", "admin", null, "plaintext-key", Now, null, null), None));
    }

    [Fact]
    public async Task DeleteKeyAsync_AddedKey_NoLongerFound()
    {
        var record = new ApiKeyRecord("k5", "acme", "join", null, Hash("secret-5"), Now, null, null);
        await Store.AddKeyAsync(record, None);

        await Store.DeleteKeyAsync(record, None);
        await Store.DeleteKeyAsync(record, None);

        Assert.Null(await Store.FindKeyByHashAsync(record.HashHex, None));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
