using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, AgentCommandLine.SwitchMappings.ToDictionary());
builder.Services.AddOrchestratorAgent();

// Stopping the agent (SIGTERM, Ctrl+C) stops its loops only: workloads keep running in their own sessions, and the
// next agent run adopts them, as a kubelet restart leaves pods running.
using var host = builder.Build();
await host.RunAsync();
return host.Services.GetRequiredService<NodeIdentity>().StartupFailure is null ? 0 : 1;
