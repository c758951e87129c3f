using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Events;

/// <summary>Registers the <see cref="EventRecorder"/> and its validated <see cref="EventOptions"/>.</summary>
public static class EventServiceCollectionExtensions
{
    /// <summary>Adds the recorder and <see cref="EventOptions"/> (bound from the <c>Events</c> section when configuration is present).</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, Action<EventOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EventOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(EventOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventOptions>, EventOptionsValidator>());
        services.TryAddSingleton<EventRecorder>();
        return services;
    }
}
