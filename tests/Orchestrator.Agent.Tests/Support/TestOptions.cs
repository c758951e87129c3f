using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;

namespace Orchestrator.Agent.Tests.Support;

internal static class TestOptions
{
    public static AgentOptions Agent(string stateDirectory, Action<AgentOptions>? configure = null)
    {
        var options = new AgentOptions
        {
            StateDirectory = stateDirectory,
            ServerUrl = new Uri("http://control-plane.test/"),
            NodeName = "node-1",
            MaxTerminationGracePeriod = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    public static IOptions<AgentOptions> Wrap(AgentOptions options) => Options.Create(options);
}
