using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.AzureSdk;
using Orchestrator.ControlPlane.Logs;

namespace Orchestrator.Storage.Logs;

/// <summary>Registers the Blob Storage log exchange.</summary>
public static class LogStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ILogExchange"/> over the blob endpoint of <see cref="StorageOptions.ConnectionString"/> (which
    /// must carry the account key) or of <see cref="StorageOptions.BlobServiceUri"/> with
    /// <see cref="StorageOptions.Credential"/> (upload URLs are then user delegation SAS); the control plane registers
    /// its <see cref="LogOptions"/>. Call after <see cref="StorageServiceCollectionExtensions.AddTableStorage"/>, which
    /// configures the <see cref="StorageOptions"/>; for hosts on several instances (Azure Functions).
    /// </summary>
    public static IServiceCollection AddBlobLogExchange(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILogExchange>(sp => Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static BlobLogExchange Create(StorageOptions options, TimeProvider time)
    {
        var clientOptions = new BlobClientOptions().AddRequestCounting(AzureRequestCounting.Blob);
        if (!options.UsesIdentity)
        {
            return new BlobLogExchange(new BlobServiceClient(options.ConnectionString, clientOptions), time);
        }

        var service = new BlobServiceClient(options.BlobServiceUri, options.Credential, clientOptions);
        return new BlobLogExchange(service, new UserDelegationUploadUrlSigner(service, time), time);
    }
}
