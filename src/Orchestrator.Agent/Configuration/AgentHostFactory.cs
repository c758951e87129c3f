using Orchestrator.Agent.Hosting;

namespace Orchestrator.Agent.Configuration;

/// <summary>
/// Builds the agent's host for <c>run</c> and <c>join</c>: settings from <c>appsettings.json</c>, then
/// <c>&lt;state&gt;/agent.json</c>, then the environment, then the command line (later wins); systemd and Windows
/// service integration, each a no-op outside its service manager.
/// </summary>
internal static class AgentHostFactory
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddCommandLine(args, AgentCommandLine.SwitchMappings.ToDictionary());

        // agent.json sits in the state directory, which only the command line or the environment can name; both are
        // added again after it so that they keep overriding the file.
        builder.Configuration.AddJsonFile(AgentConfigFile.PathIn(AgentConfigFile.StateDirectory(builder.Configuration)), optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args, AgentCommandLine.SwitchMappings.ToDictionary());

        // Type=notify readiness and journald-friendly logs under systemd; the service lifetime under the Windows SCM.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(options => options.ServiceName = "orch-agent");

        // Four lines per request every lease interval drown the agent's own messages; failures are logged by the loops.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddOrchestratorAgent();
        return builder;
    }
}
