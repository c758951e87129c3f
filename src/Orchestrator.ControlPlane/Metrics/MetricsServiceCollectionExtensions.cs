using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.ControlPlane.Metrics;

/// <summary>Registers what <c>GET /metrics</c> reads.</summary>
internal static class MetricsServiceCollectionExtensions
{
    /// <summary>Adds one <see cref="AzureRequestTotals"/> for the process, created when the host starts.</summary>
    public static IServiceCollection AddControlPlaneMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton<AzureRequestTotals>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MetricsCollectionStart>());
        return services;
    }
}
