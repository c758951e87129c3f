using Orchestrator.ControlPlane;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.ControlPlane.NodeMailboxes;
using Orchestrator.Server;
using Orchestrator.Storage;
using Orchestrator.Storage.Sqlite;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables();
var settings = new ServerOptions();
builder.Configuration.GetSection("Orchestrator").Bind(settings);
settings.Url = builder.Configuration["ORCH_URL"] ?? settings.Url;
settings.StorageConnectionString = builder.Configuration["ORCH_STORAGE_CONNECTION"] ?? settings.StorageConnectionString;
settings.ConfigPath = builder.Configuration["ORCH_CONFIG"] ?? settings.ConfigPath;
settings.Store = builder.Configuration["ORCH_STORE"] ?? settings.Store;
settings.DatabasePath = builder.Configuration["ORCH_DATABASE"] is { Length: > 0 } database ? database
    : settings.DatabasePath.Length > 0 ? settings.DatabasePath
    : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.ConfigPath))!, "orchestrator.db");

builder.Services.AddOptions<ServerOptions>().Configure(o =>
{
    o.Url = settings.Url;
    o.StorageConnectionString = settings.StorageConnectionString;
    o.ConfigPath = settings.ConfigPath;
    o.Store = settings.Store;
    o.DatabasePath = settings.DatabasePath;
    o.BootstrapTenant = settings.BootstrapTenant;
}).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ServerOptions>, ServerOptionsValidator>();
var secretsKey = builder.Configuration["ORCH_SECRETS_KEY"] ??
    SecretsKeyFile.LoadOrCreate(builder.Configuration["ORCH_SECRETS_KEY_FILE"] ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.ConfigPath))!, "server-secrets.key"));
builder.Services.AddControlPlane(
    secrets => secrets.Key = secretsKey,
    api => builder.Configuration.GetSection("Orchestrator:Api").Bind(api),
    loops => builder.Configuration.GetSection("Orchestrator:Loops").Bind(loops));
builder.Services.AddInProcessControlLoops();
if (settings.Store == ServerOptions.TableStore)
{
    builder.Services.AddTableStorage(o => o.ConnectionString = settings.StorageConnectionString);
}
else
{
    builder.Services.AddSqliteStorage(o => o.Path = settings.DatabasePath);
}

// One process: agents receive their node's messages and answer log requests over their own connection to this
// server, with no queue or blob in between (docs/adr/0018).
builder.Services.AddNodeMailboxChannel();
builder.Services.AddInProcessLogExchange();
builder.Services.AddSingleton<FirstStart>();
builder.WebHost.UseUrls(settings.Url);

var app = builder.Build();
await app.Services.GetRequiredService<FirstStart>().RunAsync(app.Lifetime.ApplicationStopping);

var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();
foreach (var route in ApiRoutes.All)
{
    // Every method is mapped so that the dispatcher answers a wrong one with a Kubernetes Status (405).
    app.Map("/" + route.Template, context =>
        dispatcher.HandleAsync(context, route, context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString())))
        .WithName(route.Name);
}

// Unknown paths and methods get a Kubernetes Status too, never an empty 404/405.
app.MapFallback(context => dispatcher.HandleAsync(context, ApiRoutes.NotFound, new Dictionary<string, string?>()));

app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
    $"Orchestrator API listening on {settings.Url} (client config: {settings.ConfigPath})"));
await app.RunAsync();

/// <summary>The standalone host's entry point, visible to tests that start it in process.</summary>
public partial class Program;
