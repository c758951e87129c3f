using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Auth;
using Orchestrator.ControlPlane.Bootstrap;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Metrics;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Services;

namespace Orchestrator.ControlPlane;

/// <summary>Registers the control plane's host-independent services; hosts add a store, a node channel and their adapters.</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddControlPlane(this IServiceCollection services, Action<SecretOptions> configureSecrets, Action<ApiOptions>? configureApi = null, Action<LoopOptions>? configureLoops = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ApiOptions>().Configure(o => configureApi?.Invoke(o)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<LoopOptions>().Configure(o => configureLoops?.Invoke(o)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LoopOptions>, LoopOptionsValidator>();
        services.AddOptions<SecretOptions>().Configure(configureSecrets).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SecretOptions>, SecretOptionsValidator>();
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddSingleton<ObjectCodec>();
        services.AddPodLogOptions();
        services.AddEvents();
        services.AddServiceAllocation();
        services.AddControlPlaneMetrics();
        services.AddSingleton<ResourceRegistry>();
        services.AddSingleton<ObjectService>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiDispatcher>();
        services.AddSingleton<TenantBootstrapper>();
        services.AddSingleton<ControlLoopRunner>();
        services.AddSingleton<IObjectChangeObserver, NodeNudger>();
        services.AddSingleton<IControlLoop, DeploymentLoop>();
        services.AddSingleton<IControlLoop, ReplicaSetLoop>();
        services.AddSingleton<IControlLoop, SchedulerLoop>();
        services.AddSingleton<IControlLoop, NodeLifecycleLoop>();
        services.AddSingleton<IControlLoop, TaintEvictionLoop>();
        services.AddSingleton<IControlLoop, GarbageCollectorLoop>();
        services.AddSingleton<IControlLoop, EventExpiryLoop>();
        services.AddSingleton<IControlLoop, DisruptionLoop>();
        services.AddSingleton<IControlLoop, EndpointsLoop>();
        services.AddSingleton<IControlLoop, ChangeLogCompactionLoop>();
        return services;
    }

    /// <summary>
    /// Runs every loop inside this process, woken by the writes of this process's API (the standalone host).
    /// </summary>
    public static IServiceCollection AddInProcessControlLoops(this IServiceCollection services)
    {
        services.AddSingleton<LoopSignals>();
        services.AddSingleton<IObjectChangeObserver>(sp => sp.GetRequiredService<LoopSignals>());
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new ControlLoopHosts(sp));
        return services;
    }
}
