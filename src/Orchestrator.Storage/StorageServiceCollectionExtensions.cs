using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.AzureSdk;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Logs;

namespace Orchestrator.Storage;

/// <summary>Registers the Table Storage implementations of the store interfaces.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IObjectStore"/>, <see cref="ILeaseStore"/> and <see cref="IIdentityStore"/> over Azure Table
    /// Storage (reached with a connection string or, in identity mode, with endpoints and a credential), the
    /// <see cref="TableServiceClient"/> they share and <see cref="TableStorageInitializer"/>, all as singletons; the
    /// options are validated on start. The log exchange is the host's choice: blobs
    /// (<see cref="LogStorageServiceCollectionExtensions.AddBlobLogExchange"/>) in Azure, memory on the standalone server.
    /// </summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, Action<StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<StorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CreateTableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton<IObjectStore, TableObjectStore>();
        services.TryAddSingleton<ILeaseStore, TableLeaseStore>();
        services.TryAddSingleton<IIdentityStore, TableIdentityStore>();
        services.TryAddSingleton<TableStorageInitializer>();
        return services;
    }

    private static TableServiceClient CreateTableServiceClient(StorageOptions options)
    {
        // Every request is counted (GET /metrics): what the store costs is what the benchmark measures.
        var clientOptions = new TableClientOptions().AddRequestCounting(AzureRequestCounting.Table);
        return options.UsesIdentity
            ? new TableServiceClient(options.TableServiceUri, options.Credential, clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }
}
