using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.ControlPlane.Events;

/// <summary>Registers the <see cref="EventRecorder"/> and its validated <see cref="EventOptions"/>.</summary>
public static class EventServiceCollectionExtensions
{
    /// <summary>Adds the recorder and <see cref="EventOptions"/> (bound from the <c>Events</c> section when configuration is present).</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, Action<EventOptions>? configure = null)
    {
        services.AddBoundOptions<EventOptions, EventOptionsValidator>(EventOptions.SectionName, configure);
        services.TryAddSingleton<EventRecorder>();
        return services;
    }
}
