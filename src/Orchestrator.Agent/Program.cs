using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, AgentCommandLine.SwitchMappings.ToDictionary());
// Four lines per request every lease interval drown the agent's own messages; failures are logged by the loops.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.Services.AddOrchestratorAgent();

// Stopping the agent (SIGTERM, Ctrl+C) stops its loops only: workloads keep running in their own sessions, and the
// next agent run adopts them, as a kubelet restart leaves pods running.
using var host = builder.Build();
var identity = host.Services.GetRequiredService<NodeIdentity>();
try
{
    await host.RunAsync();
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"orch-agent: invalid configuration: {string.Join(" ", ex.Failures)}");
    return 2;
}

return identity.StartupFailure is null ? 0 : 1;
