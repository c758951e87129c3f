namespace Orchestrator.Server;

/// <summary>The client configuration file (<c>~/.orch/config.json</c>): where the API is and the admin key for it.</summary>
internal sealed record ClientConfig(string Server, string Token, string Tenant);
