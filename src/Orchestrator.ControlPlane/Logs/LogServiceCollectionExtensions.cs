using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Logs;

/// <summary>Registers what <c>pods/{name}/log</c> needs besides an <see cref="ILogExchange"/>.</summary>
public static class LogServiceCollectionExtensions
{
    /// <summary>Adds validated <see cref="LogOptions"/> (bound from the <c>Logs</c> section when configuration is present).</summary>
    public static IServiceCollection AddPodLogOptions(this IServiceCollection services, Action<LogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LogOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(LogOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LogOptions>, LogOptionsValidator>());
        return services;
    }
}
