using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Services;

/// <summary>Registers the <see cref="ServiceAllocator"/> and its validated <see cref="ServiceOptions"/>.</summary>
public static class ServiceAllocationServiceCollectionExtensions
{
    /// <summary>Adds the allocator and <see cref="ServiceOptions"/> (bound from the <c>Services</c> section when configuration is present).</summary>
    public static IServiceCollection AddServiceAllocation(this IServiceCollection services, Action<ServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServiceOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(ServiceOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>());
        services.TryAddSingleton<ServiceAllocator>();
        return services;
    }
}
