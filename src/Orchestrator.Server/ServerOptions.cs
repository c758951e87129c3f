namespace Orchestrator.Server;

/// <summary>Settings of the standalone host; each can come from configuration or from its environment variable.</summary>
internal sealed class ServerOptions
{
    /// <summary>One SQLite file (docs/adr/0019).</summary>
    public const string SqliteStore = "sqlite";

    /// <summary>Azure Table Storage: a real account or Azurite (docs/adr/0020).</summary>
    public const string TableStore = "table";

    /// <summary>Where the API listens (<c>ORCH_URL</c>).</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Where the state lives (<c>ORCH_STORE</c>): <see cref="SqliteStore"/> (the default) or <see cref="TableStore"/>.</summary>
    public string Store { get; set; } = SqliteStore;

    /// <summary>
    /// The SQLite database file (<c>ORCH_DATABASE</c>); by default <c>orchestrator.db</c> beside the client config.
    /// </summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>The storage account of the <see cref="TableStore"/> (<c>ORCH_STORAGE_CONNECTION</c>); Azurite's well-known account by default.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The client configuration file written on first start (<c>ORCH_CONFIG</c>).</summary>
    public string ConfigPath { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orch", "config.json");

    /// <summary>The tenant created on first start, with an admin key written to <see cref="ConfigPath"/>.</summary>
    public string BootstrapTenant { get; set; } = "default";
}
