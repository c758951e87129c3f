using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.ControlPlane.Services;

/// <summary>Registers the <see cref="ServiceAllocator"/> and its validated <see cref="ServiceOptions"/>.</summary>
public static class ServiceAllocationServiceCollectionExtensions
{
    /// <summary>Adds the allocator and <see cref="ServiceOptions"/> (bound from the <c>Services</c> section when configuration is present).</summary>
    public static IServiceCollection AddServiceAllocation(this IServiceCollection services, Action<ServiceOptions>? configure = null)
    {
        services.AddBoundOptions<ServiceOptions, ServiceOptionsValidator>(ServiceOptions.SectionName, configure);
        services.TryAddSingleton<ServiceAllocator>();
        return services;
    }
}
