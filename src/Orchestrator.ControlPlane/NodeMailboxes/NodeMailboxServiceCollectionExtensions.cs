using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.NodeMailboxes;

/// <summary>Registers the in-process <see cref="NodeMailboxChannel"/>; for a single-process host only (docs/adr/0018).</summary>
public static class NodeMailboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="NodeMailboxChannel"/> as the <see cref="INodeChannel"/>, with validated
    /// <see cref="NodeMailboxOptions"/> (bound from <see cref="NodeMailboxOptions.SectionName"/> when configuration is
    /// present). A host that runs on several instances (Azure Functions) must not call it: a message posted on one
    /// instance would never reach a poll held by another.
    /// </summary>
    public static IServiceCollection AddNodeMailboxChannel(this IServiceCollection services, Action<NodeMailboxOptions>? configure = null)
    {
        services.AddBoundOptions<NodeMailboxOptions, NodeMailboxOptionsValidator>(NodeMailboxOptions.SectionName, configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var mailboxes = new NodeMailboxChannel(
                provider.GetRequiredService<IOptions<NodeMailboxOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<NodeMailboxChannel>>());

            // Answer the long polls when the host starts stopping; otherwise they would hold its shutdown open.
            provider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(mailboxes.Close);
            return mailboxes;
        });
        services.AddSingleton<INodeChannel>(provider => provider.GetRequiredService<NodeMailboxChannel>());
        return services;
    }
}
