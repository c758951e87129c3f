using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;
using Orchestrator.Functions.Connections;
using Orchestrator.Messaging;
using Orchestrator.Messaging.ServiceBus;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.Storage;

namespace Orchestrator.Functions.Tests;

public sealed class FunctionsConnectionsTests
{
    private const string Table = "https://orchdev.table.core.windows.net/";
    private const string Blob = "https://orchdev.blob.core.windows.net/";
    private const string Namespace = "sb-orch-dev.servicebus.windows.net";

    // The settings bicep/modules/functionapp.bicep writes, as the configuration sees them (__ becomes :).
    private static readonly Dictionary<string, string?> BicepSettings = new()
    {
        ["ORCH_STORAGE_CONNECTION:tableServiceUri"] = Table,
        ["ORCH_STORAGE_CONNECTION:queueServiceUri"] = "https://orchdev.queue.core.windows.net/",
        ["ORCH_STORAGE_CONNECTION:blobServiceUri"] = Blob,
        ["ORCH_STORAGE_CONNECTION:credential"] = "managedidentity",
        ["ORCH_SERVICEBUS_CONNECTION:fullyQualifiedNamespace"] = Namespace,
        ["ORCH_SERVICEBUS_CONNECTION:credential"] = "managedidentity",
    };

    [Fact]
    public void FromConfiguration_ConnectionString_KeepsTheConnectionStringMode()
    {
        var connections = FunctionsConnections.FromConfiguration(Configuration(new() { ["ORCH_STORAGE_CONNECTION"] = "UseDevelopmentStorage=true" }));

        Assert.False(connections.StorageUsesIdentity);
        Assert.Equal("UseDevelopmentStorage=true", connections.StorageConnectionString);
        Assert.Null(connections.ServiceBusNamespace);
        Assert.Null(connections.ServiceBusConnectionString);
    }

    [Fact]
    public void FromConfiguration_BicepSettings_SelectsIdentityModeWithTheManagedIdentity()
    {
        var connections = FunctionsConnections.FromConfiguration(Configuration(BicepSettings));

        Assert.True(connections.StorageUsesIdentity);
        Assert.Equal(new Uri(Table), connections.TableServiceUri);
        Assert.Equal(new Uri(Blob), connections.BlobServiceUri);
        Assert.Equal(Namespace, connections.ServiceBusNamespace);
        Assert.True(connections.UsesManagedIdentityCredential);
        Assert.IsType<ManagedIdentityCredential>(connections.CreateCredential());
    }

    [Fact]
    public void FromConfiguration_NeitherSet_ThrowsNamingBothForms()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionsConnections.FromConfiguration(Configuration([])));

        Assert.Contains("ORCH_STORAGE_CONNECTION (a connection string", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ORCH_STORAGE_CONNECTION__tableServiceUri and ORCH_STORAGE_CONNECTION__blobServiceUri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ConnectionStringAndEndpoints_ThrowsKeepOne()
    {
        var settings = new Dictionary<string, string?>(BicepSettings) { ["ORCH_STORAGE_CONNECTION"] = "UseDevelopmentStorage=true" };

        var ex = Assert.Throws<InvalidOperationException>(() => FunctionsConnections.FromConfiguration(Configuration(settings)));

        Assert.Contains("keep one", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_IdentityWithoutServiceBus_RefusesToStartNamingTheNamespaceSetting()
    {
        var settings = new Dictionary<string, string?>(BicepSettings);
        settings.Remove("ORCH_SERVICEBUS_CONNECTION:fullyQualifiedNamespace");
        settings.Remove("ORCH_SERVICEBUS_CONNECTION:credential");

        var ex = Assert.Throws<InvalidOperationException>(() => FunctionsConnections.FromConfiguration(Configuration(settings)));

        Assert.Contains("set ORCH_SERVICEBUS_CONNECTION__fullyQualifiedNamespace", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ORCH_STORAGE_CONNECTION:blobServiceUri", null, "ORCH_STORAGE_CONNECTION__blobServiceUri is not set")]
    [InlineData("ORCH_STORAGE_CONNECTION:tableServiceUri", "orchdev.table.core.windows.net", "ORCH_STORAGE_CONNECTION__tableServiceUri 'orchdev")]
    public void FromConfiguration_BadEndpoint_ThrowsNamingTheSetting(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>(BicepSettings) { [key] = value };

        var ex = Assert.Throws<InvalidOperationException>(() => FunctionsConnections.FromConfiguration(Configuration(settings)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_BicepSettings_UsesTheEndpointsAndServiceBusWithTheIdentity()
    {
        var services = new ServiceCollection().AddLogging();
        FunctionsConnections.FromConfiguration(Configuration(BicepSettings)).Register(services, o => o.UseWebSockets = true);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.Equal(string.Empty, options.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(options.Credential);
        Assert.Equal("orchdev", provider.GetRequiredService<TableServiceClient>().AccountName);
        var channel = Assert.IsType<ServiceBusNodeChannel>(provider.GetRequiredService<INodeChannel>());
        Assert.Equal(Namespace, channel.FullyQualifiedNamespace);
    }

    [Fact]
    public async Task Register_ConnectionString_UsesTheStorageQueueChannel()
    {
        var services = new ServiceCollection().AddLogging();
        FunctionsConnections.FromConfiguration(Configuration(new() { ["ORCH_STORAGE_CONNECTION"] = "UseDevelopmentStorage=true" }))
            .Register(services, _ => { });
        await using var provider = services.BuildServiceProvider();

        Assert.Equal("UseDevelopmentStorage=true", provider.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
        Assert.IsType<StorageQueueNodeChannel>(provider.GetRequiredService<INodeChannel>());
        Assert.Equal("BlobLogExchange", provider.GetRequiredService<ILogExchange>().GetType().Name);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
