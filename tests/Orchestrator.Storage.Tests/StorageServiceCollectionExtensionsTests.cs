using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Logs;
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

    [Fact]
    public void AddTableStorage_EndpointsAndCredential_ResolvesClientsForThoseEndpoints()
    {
        using var provider = new ServiceCollection()
            .AddTableStorage(o =>
            {
                o.TableServiceUri = new Uri("https://orchdev.table.core.windows.net/");
                o.BlobServiceUri = new Uri("https://orchdev.blob.core.windows.net/");
                o.Credential = new Mock<TokenCredential>().Object;
            })
            .AddBlobLogExchange()
            .BuildServiceProvider();

        Assert.Equal("orchdev", provider.GetRequiredService<TableServiceClient>().AccountName);
        Assert.IsType<BlobLogExchange>(provider.GetRequiredService<ILogExchange>());
    }

    [Fact]
    public void AddTableStorage_Alone_RegistersNoLogExchange()
    {
        // The standalone server exchanges log answers in memory: tables must not bring blobs along.
        using var provider = new ServiceCollection()
            .AddTableStorage(o => o.ConnectionString = azurite.ConnectionString)
            .BuildServiceProvider();

        Assert.Null(provider.GetService<ILogExchange>());
    }

    [Fact]
    public void AddTableStorage_ConnectionStringAndEndpoints_FailsValidationNamingBoth()
    {
        using var provider = new ServiceCollection()
            .AddTableStorage(o =>
            {
                o.ConnectionString = "UseDevelopmentStorage=true";
                o.TableServiceUri = new Uri("https://orchdev.table.core.windows.net/");
                o.BlobServiceUri = new Uri("https://orchdev.blob.core.windows.net/");
                o.Credential = new Mock<TokenCredential>().Object;
            })
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("ConnectionString and TableServiceUri", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "https://a.blob.core.windows.net/", true, "TableServiceUri is required")]
    [InlineData("https://a.table.core.windows.net/", null, true, "BlobServiceUri is required")]
    [InlineData("https://a.table.core.windows.net/", "https://a.blob.core.windows.net/", false, "Credential is required")]
    [InlineData("ftp://a.table.core.windows.net/", "https://a.blob.core.windows.net/", true, "TableServiceUri 'ftp://")]
    public void AddTableStorage_IncompleteIdentity_FailsValidationNamingTheField(string? table, string? blob, bool credential, string message)
    {
        using var provider = new ServiceCollection()
            .AddTableStorage(o =>
            {
                o.TableServiceUri = table is null ? null : new Uri(table);
                o.BlobServiceUri = blob is null ? null : new Uri(blob);
                o.Credential = credential ? new Mock<TokenCredential>().Object : null;
            })
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "orch", 16, "ConnectionString is required, or TableServiceUri and BlobServiceUri")]
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
