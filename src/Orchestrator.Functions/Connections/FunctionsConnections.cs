using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Messaging;
using Orchestrator.Messaging.ServiceBus;
using Orchestrator.Storage;
using Orchestrator.Storage.Logs;

namespace Orchestrator.Functions.Connections;

/// <summary>
/// How the app reaches its storage account and Service Bus, read from the app settings: a connection string (Azurite,
/// keys) or, as the Bicep templates set it, the Functions host's identity-based form
/// (<c>ORCH_STORAGE_CONNECTION__tableServiceUri</c>, <c>ORCH_SERVICEBUS_CONNECTION__fullyQualifiedNamespace</c>, ...)
/// with the app's managed identity.
/// </summary>
internal sealed class FunctionsConnections
{
    public const string StorageSetting = "ORCH_STORAGE_CONNECTION";
    public const string ServiceBusSetting = "ORCH_SERVICEBUS_CONNECTION";
    public const string TableServiceUriSetting = StorageSetting + "__tableServiceUri";
    public const string BlobServiceUriSetting = StorageSetting + "__blobServiceUri";
    public const string ServiceBusNamespaceSetting = ServiceBusSetting + "__fullyQualifiedNamespace";

    // The Functions host's value of <connection>__credential that selects the managed identity.
    private const string ManagedIdentity = "managedidentity";

    private FunctionsConnections()
    {
    }

    /// <summary>The storage connection string (with the account key); null in identity mode.</summary>
    public string? StorageConnectionString { get; private init; }

    /// <summary>Table endpoint reached with the credential; null with a connection string.</summary>
    public Uri? TableServiceUri { get; private init; }

    /// <summary>Blob endpoint reached with the credential; null with a connection string.</summary>
    public Uri? BlobServiceUri { get; private init; }

    /// <summary>A Service Bus connection string with Manage rights, when that is how Service Bus is reached.</summary>
    public string? ServiceBusConnectionString { get; private init; }

    /// <summary>The Service Bus namespace reached with the credential (<c>&lt;name&gt;.servicebus.windows.net</c>).</summary>
    public string? ServiceBusNamespace { get; private init; }

    /// <summary>True when <c>__credential</c> is <c>managedidentity</c>; otherwise the default credential chain (local runs).</summary>
    public bool UsesManagedIdentityCredential { get; private init; }

    /// <summary>Client id of a user-assigned identity (<c>__clientId</c>); null for the system-assigned one.</summary>
    public string? ClientId { get; private init; }

    /// <summary>True when the storage account is reached with the credential rather than a connection string.</summary>
    public bool StorageUsesIdentity => StorageConnectionString is null;

    /// <summary>Reads the settings; throws with the names of the settings to set when they are missing or contradict.</summary>
    public static FunctionsConnections FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection(StorageSetting);
        var serviceBus = configuration.GetSection(ServiceBusSetting);

        var storageConnectionString = NullIfBlank(storage.Value);
        var tableServiceUri = NullIfBlank(storage["tableServiceUri"]);
        var blobServiceUri = NullIfBlank(storage["blobServiceUri"]);
        var storageIdentity = tableServiceUri is not null || blobServiceUri is not null;
        if (storageConnectionString is not null && storageIdentity)
        {
            throw new InvalidOperationException(
                $"The app setting {StorageSetting} is set both as a connection string and as identity-based settings " +
                $"({TableServiceUriSetting}, {BlobServiceUriSetting}): keep one.");
        }

        if (storageConnectionString is null && !storageIdentity)
        {
            throw new InvalidOperationException(
                $"Neither the app setting {StorageSetting} (a connection string with the account key, e.g. UseDevelopmentStorage=true) " +
                $"nor {TableServiceUriSetting} and {BlobServiceUriSetting} (endpoints reached with the app's managed identity) is set: " +
                "they name the storage account that holds the cluster state.");
        }

        var serviceBusConnectionString = NullIfBlank(serviceBus.Value);
        var serviceBusNamespace = NullIfBlank(serviceBus["fullyQualifiedNamespace"]);
        if (serviceBusConnectionString is not null && serviceBusNamespace is not null)
        {
            throw new InvalidOperationException(
                $"The app setting {ServiceBusSetting} is set both as a connection string and as {ServiceBusNamespaceSetting}: keep one.");
        }

        // Storage Queue grants are service SAS signed with the account key, and Queue Storage has no user delegation
        // SAS: without a key, only Service Bus can hand agents a channel of their own (docs/adr/0013).
        if (storageIdentity && serviceBusConnectionString is null && serviceBusNamespace is null)
        {
            throw new InvalidOperationException(
                $"The storage account is reached with the managed identity ({TableServiceUriSetting}), which cannot sign the agents' " +
                $"Storage Queue grants (they need the account key): set {ServiceBusNamespaceSetting} (<name>.servicebus.windows.net) " +
                "so that the node channel is Service Bus.");
        }

        var credential = NullIfBlank(storage["credential"]) ?? NullIfBlank(serviceBus["credential"]);
        return new FunctionsConnections
        {
            StorageConnectionString = storageConnectionString,
            TableServiceUri = storageIdentity ? EndpointFrom(tableServiceUri, TableServiceUriSetting) : null,
            BlobServiceUri = storageIdentity ? EndpointFrom(blobServiceUri, BlobServiceUriSetting) : null,
            ServiceBusConnectionString = serviceBusConnectionString,
            ServiceBusNamespace = serviceBusNamespace,
            UsesManagedIdentityCredential = string.Equals(credential, ManagedIdentity, StringComparison.OrdinalIgnoreCase),
            ClientId = NullIfBlank(storage["clientId"]) ?? NullIfBlank(serviceBus["clientId"]),
        };
    }

    /// <summary>
    /// The credential of identity mode: the managed identity when the settings say so (in Azure), else the default
    /// chain (environment, workload identity, Azure CLI...) for a developer's machine.
    /// </summary>
    public TokenCredential CreateCredential()
    {
        if (UsesManagedIdentityCredential)
        {
            return new ManagedIdentityCredential(
                ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(ClientId));
        }

        return ClientId is null
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });
    }

    /// <summary>
    /// Registers the table store, the blob log exchange and the node channel: Service Bus when configured, else the
    /// storage account's queues. One credential, created here, serves every identity-based client.
    /// </summary>
    public void Register(IServiceCollection services, Action<ServiceBusNodeChannelOptions> configureServiceBus)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureServiceBus);
        var credential = StorageUsesIdentity || ServiceBusNamespace is not null ? CreateCredential() : null;

        if (StorageConnectionString is not null)
        {
            services.AddTableStorage(o => o.ConnectionString = StorageConnectionString);
        }
        else
        {
            services.AddTableStorage(o =>
            {
                o.TableServiceUri = TableServiceUri;
                o.BlobServiceUri = BlobServiceUri;
                o.Credential = credential;
            });
        }

        // Many instances: answers to log requests meet in blobs, not in one process's memory (docs/adr/0018).
        services.AddBlobLogExchange();

        // Service Bus carries the node channel when configured (docs/adr/0006); otherwise the storage account's queues do.
        if (ServiceBusNamespace is not null)
        {
            services.AddServiceBusNodeChannel(ServiceBusNamespace, credential!, configureServiceBus: configureServiceBus);
        }
        else if (ServiceBusConnectionString is not null)
        {
            services.AddServiceBusNodeChannel(ServiceBusConnectionString, configureServiceBus: configureServiceBus);
        }
        else
        {
            services.AddStorageQueueNodeChannel(StorageConnectionString!);
        }
    }

    private static Uri EndpointFrom(string? value, string setting)
    {
        if (value is null)
        {
            throw new InvalidOperationException(
                $"The app setting {setting} is not set: {TableServiceUriSetting} and {BlobServiceUriSetting} go together.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"The app setting {setting} '{value}' is not an absolute http(s) URL.");
        }

        return uri;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
