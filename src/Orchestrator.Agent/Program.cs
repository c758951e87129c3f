using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;

var (verb, arguments) = AgentCommandLine.Parse(args);
switch (verb)
{
    case AgentVerb.Help:
        await Console.Out.WriteAsync(AgentCommandLine.Usage);
        return 0;
    case AgentVerb.Version:
        await Console.Out.WriteLineAsync(AgentCommandLine.Version);
        return 0;
    case AgentVerb.Join:
        return await JoinCommand.RunAsync(arguments, Console.Out, Console.Error);
    case AgentVerb.Unknown:
        await Console.Error.WriteLineAsync($"orch-agent: unknown command '{args[0]}'.");
        await Console.Error.WriteAsync(AgentCommandLine.Usage);
        return 2;
}

// Stopping the agent (SIGTERM, Ctrl+C, systemctl stop, the Windows SCM) stops its loops only: workloads keep running
// in their own sessions, and the next agent run adopts them, as a kubelet restart leaves pods running.
using var host = AgentHostFactory.CreateBuilder(arguments).Build();
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
