using System.Text.Json;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Identity;

/// <summary>Keeps the node credential in <c>&lt;state&gt;/credential.json</c>, readable by its owner only.</summary>
internal sealed partial class CredentialStore
{
    private readonly StatePaths _paths;
    private readonly ILogger<CredentialStore> _logger;

    public CredentialStore(StatePaths paths, ILogger<CredentialStore> logger)
    {
        _paths = paths;
        _logger = logger;
    }

    public string Path => _paths.CredentialFile;

    /// <summary>Returns the stored credential, or null when none is stored.</summary>
    /// <exception cref="AgentStartupException">The file exists but cannot be used.</exception>
    public NodeCredential? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        if (AtomicFile.RestrictToOwner(Path))
        {
            Log.PermissionsTightened(_logger, Path);
        }

        try
        {
            var credential = JsonSerializer.Deserialize(File.ReadAllBytes(Path), AgentJsonContext.Default.NodeCredential);
            if (credential is null || !credential.Server.IsAbsoluteUri || string.IsNullOrEmpty(credential.NodeName) || string.IsNullOrEmpty(credential.Token))
            {
                throw new AgentStartupException($"{Path} is incomplete; remove it and start the agent with a join token to join again.");
            }

            return credential;
        }
        catch (JsonException ex)
        {
            throw new AgentStartupException($"{Path} is not a valid credential file ({ex.Message}); remove it and start the agent with a join token to join again.", ex);
        }
    }

    public void Save(NodeCredential credential)
    {
        AtomicFile.Write(Path, JsonSerializer.SerializeToUtf8Bytes(credential, AgentJsonContext.Default.NodeCredential));
    }
}
