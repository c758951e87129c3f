using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddTableStorage_ValidOptions_ResolvesWorkingStores()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddTableStorage(o =>
            {
                o.ConnectionString = azurite.ConnectionString;
                o.TablePrefix = prefix;
            })
            .BuildServiceProvider();

        var initializer = provider.GetRequiredService<TableStorageInitializer>();
        await initializer.CreateTablesAsync(CancellationToken.None);
        await initializer.CreateTablesAsync(CancellationToken.None);

        var store = provider.GetRequiredService<IObjectStore>();
        Assert.Same(store, provider.GetRequiredService<IObjectStore>());
        var created = await store.CommitAsync("t", [Objects.Create(Objects.Pod("t", "default", "a"))], CancellationToken.None);
        Assert.Equal(created[0]!.ResourceVersion, (await store.GetAsync(Objects.Pod("t", "default", "a"), CancellationToken.None))!.ResourceVersion);
        Assert.Null(await provider.GetRequiredService<ILeaseStore>().GetAsync("t", "n", CancellationToken.None));
        Assert.False(await provider.GetRequiredService<IIdentityStore>().TenantExistsAsync("t", CancellationToken.None));
    }

    [Theory]
    [InlineData("", "orch", 16, "ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "1orch", 16, "TablePrefix")]
    [InlineData("UseDevelopmentStorage=true", "or-ch", 16, "TablePrefix")]
    [InlineData("UseDevelopmentStorage=true", "orch", 0, "LeaseBucketCount")]
    [InlineData("UseDevelopmentStorage=true", "orch", 257, "LeaseBucketCount")]
    public void AddTableStorage_InvalidOptions_FailValidation(string connectionString, string prefix, int buckets, string field)
    {
        using var provider = new ServiceCollection()
            .AddTableStorage(o =>
            {
                o.ConnectionString = connectionString;
                o.TablePrefix = prefix;
                o.LeaseBucketCount = buckets;
            })
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }
}
