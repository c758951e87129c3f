using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Configuration;

/// <summary>
/// <c>orch-agent join</c>: joins once with the same code the running agent uses, records the server and node name in
/// <c>agent.json</c>, and exits. Joining again with the credential already stored succeeds without a token when the
/// server and node name match, so an install script can be run twice.
/// </summary>
internal static class JoinCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Returns the exit code: 0 joined (or already joined), 1 joining failed, 2 invalid settings.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var builder = AgentHostFactory.CreateBuilder(args);
        // The outcome is one line of ours; the join service's own progress messages would only repeat it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();

        AgentOptions options;
        try
        {
            options = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"orch-agent: invalid configuration: {string.Join(" ", ex.Failures)}");
            return 2;
        }

        var paths = host.Services.GetRequiredService<StatePaths>();
        var identity = host.Services.GetRequiredService<NodeIdentity>();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                WindowsStateDirectoryAcl.RestrictToSystemAndAdministrators(paths.Root);
            }

            using (var join = ActivatorUtilities.CreateInstance<NodeJoinService>(host.Services))
            {
                await join.EstablishAsync(timeout.Token);
            }

            var credential = identity.Current ?? throw new AgentStartupException("Joining ended without a credential.");
            var configFile = AgentConfigFile.PathIn(paths.Root);
            AgentConfigFile.Write(configFile, credential.Server, credential.NodeName);
            await output.WriteLineAsync($"Joined {credential.Server} as node {credential.NodeName}; settings in {configFile}, credential in {paths.CredentialFile}.");
            return 0;
        }
        catch (AgentStartupException ex)
        {
            await error.WriteLineAsync($"orch-agent: {ex.Message}");
        }
        catch (NodeApiException ex)
        {
            await error.WriteLineAsync($"orch-agent: joining {options.ServerUrl} failed: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"orch-agent: cannot reach {options.ServerUrl}: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"orch-agent: joining {options.ServerUrl} timed out after {Timeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"orch-agent: cannot write the state directory {paths.Root}: {ex.Message}");
        }

        return 1;
    }
}
