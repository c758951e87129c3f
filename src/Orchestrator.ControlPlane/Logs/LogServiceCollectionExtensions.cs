using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.ControlPlane.Logs;

/// <summary>Registers what <c>pods/{name}/log</c> needs: its options, and the standalone server's log exchange.</summary>
public static class LogServiceCollectionExtensions
{
    /// <summary>Adds validated <see cref="LogOptions"/> (bound from the <c>Logs</c> section when configuration is present).</summary>
    public static IServiceCollection AddPodLogOptions(this IServiceCollection services, Action<LogOptions>? configure = null) =>
        services.AddBoundOptions<LogOptions, LogOptionsValidator>(LogOptions.SectionName, configure);

    /// <summary>
    /// Adds <see cref="InProcessLogExchange"/> as the <see cref="ILogExchange"/>: agents put their answers to this
    /// process. A host that runs on several instances (Azure Functions) must not call it: an answer put to one instance
    /// would never reach the request waiting on another.
    /// </summary>
    public static IServiceCollection AddInProcessLogExchange(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InProcessLogExchange>();
        services.AddSingleton<ILogExchange>(provider => provider.GetRequiredService<InProcessLogExchange>());
        return services;
    }
}
