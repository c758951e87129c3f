using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Logs;

namespace Orchestrator.Storage.Logs;

/// <summary>Registers the Blob Storage log exchange.</summary>
public static class LogStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ILogExchange"/> over the blob endpoint of <see cref="StorageOptions.ConnectionString"/> (which
    /// must carry the account key); the control plane registers its <see cref="LogOptions"/>.
    /// </summary>
    public static IServiceCollection AddBlobLogExchange(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILogExchange>(sp => new BlobLogExchange(
            new BlobServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
