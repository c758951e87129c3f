using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Channel;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Lease;
using Orchestrator.Agent.Logs;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Services;
using Orchestrator.Agent.State;
using Orchestrator.Messaging;
using Orchestrator.Messaging.ServiceBus;

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
        services.AddOptions<ServiceBusNodeChannelOptions>()
            .BindConfiguration(AgentOptions.SectionName + ":Channel:ServiceBus")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceBusNodeChannelOptions>, ServiceBusNodeChannelOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AgentSignals>();
        services.AddSingleton<StatePaths>();
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<NodeIdentity>();
        services.AddHttpClient(NodeApiClient.HttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<AgentOptions>>().Value.RequestTimeout);
        // Long polls are held open by the server for up to ServerNodeChannelReceiver.Wait: their client allows for that.
        services.AddHttpClient(NodeApiClient.LongPollHttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<AgentOptions>>().Value.RequestTimeout + ServerNodeChannelReceiver.Wait);
        services.AddSingleton<NodeApiClient>();

        services.AddSingleton<ContainerRecordStore>();
        services.AddSingleton<ProcessDriver>();
        services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DockerOptions>, DockerOptionsValidator>());
        services.AddSingleton<IDockerEngine, DockerEngine>();
        services.AddSingleton<IPullSecretSource, NodeApiPullSecretSource>();
        services.AddSingleton<DockerDriver>();
        // Docker first: it is the default runtime class.
        services.AddSingleton(provider => new RuntimeDriverSet(provider.GetRequiredService<IOptions<DockerOptions>>().Value.Enabled
            ? [provider.GetRequiredService<DockerDriver>(), provider.GetRequiredService<ProcessDriver>()]
            : [provider.GetRequiredService<ProcessDriver>()]));
        services.AddSingleton<IRuntimeDriver>(provider => provider.GetRequiredService<RuntimeDriverSet>());
        services.AddSingleton(provider => new PodReconciler(
            provider.GetRequiredService<IOptions<AgentOptions>>().Value,
            provider.GetRequiredService<RuntimeDriverSet>().RuntimeClassNames));
        services.AddSingleton<IProbeRunner, ProbeRunner>();
        services.AddSingleton<ProbeSupervisor>();
        services.AddSingleton<DesiredPodStore>();
        services.AddSingleton<PodStatusBuffer>();
        services.AddSingleton<ServiceTable>();

        services.AddSingleton<NodeSystemProbe>();
        services.AddSingleton<NodeAddressResolver>();
        services.AddSingleton<NodeStatusBuilder>();
        services.AddSingleton<LeaseContinuity>();
        services.AddSingleton<INodeChannelReceiverFactory, NodeChannelReceiverFactory>();
        services.AddAgentLogs();

        // Separate loops: the lease never waits for pod work, and pod work never waits for the network.
        services.AddHostedService<NodeJoinService>();
        services.AddHostedService<PodWorker>();
        services.AddHostedService<LeaseLoop>();
        services.AddHostedService<NodeStatusLoop>();
        services.AddHostedService<DesiredStateLoop>();
        services.AddHostedService<ChannelLoop>();
        services.AddHostedService<StatusReportLoop>();
        services.AddHostedService<ServiceTableLoop>();
        services.AddHostedService<ServiceProxy>();
        services.AddHostedService<HostsFileLoop>();
        return services;
    }
}
