using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.ControlPlane;
using Orchestrator.Functions.Connections;
using Orchestrator.Functions.Http;
using Orchestrator.Functions.Storage;
using Orchestrator.Storage;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers receive the real HttpRequest, which ApiDispatcher answers directly.
builder.ConfigureFunctionsWebApplication();

// A connection string (Azurite, keys) or the identity-based settings the Bicep templates set; throws at start naming
// the settings to set when they are missing or contradict.
var connections = FunctionsConnections.FromConfiguration(builder.Configuration);

// No AddInProcessControlLoops: here each loop is a timer function (ControlLoopFunctions), a singleton under the
// Functions runtime's blob lease, however many instances the app scales to.
builder.Services.AddControlPlane(
    // A Key Vault reference in the app settings: the Secrets key never lives in code or in plain configuration.
    secrets => secrets.Key = builder.Configuration["ORCH_SECRETS_KEY"] ?? "",
    api => builder.Configuration.GetSection("Orchestrator:Api").Bind(api),
    loops => builder.Configuration.GetSection("Orchestrator:Loops").Bind(loops));
connections.Register(builder.Services, o => builder.Configuration.GetSection("Orchestrator:ServiceBus").Bind(o));

builder.Services.AddSingleton(sp => new StoreReadiness(sp.GetRequiredService<TableStorageInitializer>().CreateTablesAsync));
builder.Services.AddSingleton<HttpFunctionAdapter>();

await builder.Build().RunAsync();
