using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Channel;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Lease;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.State;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Hosting;

/// <summary>Wires the agent: validated options, state, the process runtime, the control-plane client and the loops.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestratorAgent(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>()
            .BindConfiguration(AgentOptions.SectionName)
            .PostConfigure(options => options.StateDirectory = string.IsNullOrWhiteSpace(options.StateDirectory) ? options.StateDirectory : Path.GetFullPath(options.StateDirectory))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.AddOptions<NodeChannelOptions>()
            .BindConfiguration(AgentOptions.SectionName + ":Channel")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeChannelOptions>, NodeChannelOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AgentSignals>();
        services.AddSingleton<StatePaths>();
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<NodeIdentity>();
        services.AddHttpClient(NodeApiClient.HttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<AgentOptions>>().Value.RequestTimeout);
        services.AddSingleton<NodeApiClient>();

        services.AddSingleton<ContainerRecordStore>();
        services.AddSingleton<ProcessDriver>();
        services.AddSingleton<IRuntimeDriver>(provider => provider.GetRequiredService<ProcessDriver>());
        services.AddSingleton(provider => new PodReconciler(
            provider.GetRequiredService<IOptions<AgentOptions>>().Value,
            provider.GetRequiredService<IRuntimeDriver>().RuntimeClassName));
        services.AddSingleton<DesiredPodStore>();
        services.AddSingleton<PodStatusBuffer>();

        services.AddSingleton<NodeSystemProbe>();
        services.AddSingleton<NodeAddressResolver>();
        services.AddSingleton<NodeStatusBuilder>();
        services.AddSingleton<INodeChannelReceiverFactory, NodeChannelReceiverFactory>();

        // Separate loops: the lease never waits for pod work, and pod work never waits for the network.
        services.AddHostedService<NodeJoinService>();
        services.AddHostedService<PodWorker>();
        services.AddHostedService<LeaseLoop>();
        services.AddHostedService<NodeStatusLoop>();
        services.AddHostedService<DesiredStateLoop>();
        services.AddHostedService<ChannelLoop>();
        services.AddHostedService<StatusReportLoop>();
        return services;
    }
}
