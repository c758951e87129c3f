using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.Doorbell;

/// <summary>Registers the in-process <see cref="NodeDoorbell"/>; for a single-process host only (docs/adr/0015).</summary>
public static class NodeDoorbellServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="NodeDoorbell"/> and wraps the registered <see cref="INodeChannel"/> so that every message
    /// it sends rings the node's doorbell. Call after the node channel is registered. A host that runs on several
    /// instances (Azure Functions) must not call it: a ring on one instance would never reach a wait on another.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="INodeChannel"/> is registered yet.</exception>
    public static IServiceCollection AddNodeDoorbell(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var channel = services.LastOrDefault(d => d.ServiceType == typeof(INodeChannel))
            ?? throw new InvalidOperationException("Register the node channel before the doorbell that wraps it.");
        services.Remove(channel);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var doorbell = new NodeDoorbell(provider.GetRequiredService<TimeProvider>());

            // Answer the long polls when the host starts stopping; otherwise they would hold its shutdown open.
            provider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(doorbell.Close);
            return doorbell;
        });
        services.AddSingleton<INodeChannel>(provider =>
            new DoorbellNodeChannel(Inner(provider, channel), provider.GetRequiredService<NodeDoorbell>()));
        return services;
    }

    private static INodeChannel Inner(IServiceProvider provider, ServiceDescriptor channel) =>
        (INodeChannel)(channel.ImplementationInstance
            ?? channel.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, channel.ImplementationType!));
}
