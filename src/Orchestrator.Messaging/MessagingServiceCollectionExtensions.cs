using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging;

/// <summary>Registers the node channel implementations with dependency injection.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageQueueNodeChannel"/> as the <see cref="INodeChannel"/>, with validated
    /// <see cref="NodeChannelOptions"/> and <see cref="TimeProvider.System"/> unless a TimeProvider is registered.
    /// The connection string must carry the account key.
    /// </summary>
    public static IServiceCollection AddStorageQueueNodeChannel(
        this IServiceCollection services,
        string connectionString,
        Action<NodeChannelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var options = services.AddOptions<NodeChannelOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<NodeChannelOptions>, NodeChannelOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<INodeChannel>(provider => new StorageQueueNodeChannel(
            connectionString,
            provider.GetRequiredService<IOptions<NodeChannelOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<StorageQueueNodeChannel>>() ?? NullLogger<StorageQueueNodeChannel>.Instance));
        return services;
    }

    /// <summary>
    /// Registers <see cref="ServiceBusNodeChannel"/> as the <see cref="INodeChannel"/>, with validated
    /// <see cref="NodeChannelOptions"/> and <see cref="ServiceBusNodeChannelOptions"/> and <see cref="TimeProvider.System"/>
    /// unless a TimeProvider is registered. The connection string needs Manage rights: the channel creates each node's
    /// queue and signs grants with the queue's own Listen-only rule.
    /// </summary>
    public static IServiceCollection AddServiceBusNodeChannel(
        this IServiceCollection services,
        string connectionString,
        Action<NodeChannelOptions>? configure = null,
        Action<ServiceBusNodeChannelOptions>? configureServiceBus = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return services.RegisterServiceBusNodeChannel(
            configure,
            configureServiceBus,
            provider => new ServiceBusNodeChannel(
                connectionString,
                provider.GetRequiredService<IOptions<NodeChannelOptions>>(),
                provider.GetRequiredService<IOptions<ServiceBusNodeChannelOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILogger<ServiceBusNodeChannel>>() ?? NullLogger<ServiceBusNodeChannel>.Instance));
    }

    /// <summary>
    /// Registers <see cref="ServiceBusNodeChannel"/> as the <see cref="INodeChannel"/> for a namespace reached with an
    /// Entra ID credential (<c>&lt;name&gt;.servicebus.windows.net</c>), as the overload with a connection string does
    /// otherwise. The credential needs Azure Service Bus Data Owner: the channel creates each node's queue and reads
    /// its Listen-only rule's key to sign grants, so the namespace must keep local (SAS) authentication enabled.
    /// </summary>
    public static IServiceCollection AddServiceBusNodeChannel(
        this IServiceCollection services,
        string fullyQualifiedNamespace,
        TokenCredential credential,
        Action<NodeChannelOptions>? configure = null,
        Action<ServiceBusNodeChannelOptions>? configureServiceBus = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(fullyQualifiedNamespace);
        ArgumentNullException.ThrowIfNull(credential);

        return services.RegisterServiceBusNodeChannel(
            configure,
            configureServiceBus,
            provider => new ServiceBusNodeChannel(
                fullyQualifiedNamespace,
                credential,
                provider.GetRequiredService<IOptions<NodeChannelOptions>>(),
                provider.GetRequiredService<IOptions<ServiceBusNodeChannelOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILogger<ServiceBusNodeChannel>>() ?? NullLogger<ServiceBusNodeChannel>.Instance));
    }

    private static IServiceCollection RegisterServiceBusNodeChannel(
        this IServiceCollection services,
        Action<NodeChannelOptions>? configure,
        Action<ServiceBusNodeChannelOptions>? configureServiceBus,
        Func<IServiceProvider, ServiceBusNodeChannel> create)
    {
        var options = services.AddOptions<NodeChannelOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        var serviceBusOptions = services.AddOptions<ServiceBusNodeChannelOptions>();
        if (configureServiceBus is not null)
        {
            serviceBusOptions.Configure(configureServiceBus);
        }

        serviceBusOptions.ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<NodeChannelOptions>, NodeChannelOptionsValidator>());
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ServiceBusNodeChannelOptions>, ServiceBusNodeChannelOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<INodeChannel>(create);
        return services;
    }
}
