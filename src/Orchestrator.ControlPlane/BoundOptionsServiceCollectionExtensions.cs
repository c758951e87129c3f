using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane;

/// <summary>The one way the control plane's components register their options.</summary>
internal static class BoundOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TOptions"/> bound from <paramref name="sectionName"/> when configuration is present, then
    /// <paramref name="configure"/>, validated by <typeparamref name="TValidator"/> on start.
    /// </summary>
    public static IServiceCollection AddBoundOptions<TOptions, TValidator>(this IServiceCollection services, string sectionName, Action<TOptions>? configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(sectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }
}
