namespace Orchestrator.Server;

/// <summary>Settings of the standalone host; each can come from configuration or from its environment variable.</summary>
internal sealed class ServerOptions
{
    /// <summary>Where the API listens (<c>ORCH_URL</c>).</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The storage account for tables and queues (<c>ORCH_STORAGE_CONNECTION</c>); Azurite's well-known account by default.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The client configuration file written on first start (<c>ORCH_CONFIG</c>).</summary>
    public string ConfigPath { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orch", "config.json");

    /// <summary>The tenant created on first start, with an admin key written to <see cref="ConfigPath"/>.</summary>
    public string BootstrapTenant { get; set; } = "default";
}
