using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.ControlPlane;
using Orchestrator.Functions.Http;
using Orchestrator.Functions.Storage;
using Orchestrator.Messaging;
using Orchestrator.Storage;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers receive the real HttpRequest, which ApiDispatcher answers directly.
builder.ConfigureFunctionsWebApplication();

var connectionString = builder.Configuration["ORCH_STORAGE_CONNECTION"];
if (string.IsNullOrWhiteSpace(connectionString))
{
    throw new InvalidOperationException(
        "The app setting ORCH_STORAGE_CONNECTION is not set: it names the storage account that holds the cluster state and the node queues.");
}

// No AddInProcessControlLoops: here each loop is a timer function (ControlLoopFunctions), a singleton under the
// Functions runtime's blob lease, however many instances the app scales to.
builder.Services.AddControlPlane(
    // A Key Vault reference in the app settings: the Secrets key never lives in code or in plain configuration.
    secrets => secrets.Key = builder.Configuration["ORCH_SECRETS_KEY"] ?? "",
    api => builder.Configuration.GetSection("Orchestrator:Api").Bind(api),
    loops => builder.Configuration.GetSection("Orchestrator:Loops").Bind(loops));
builder.Services.AddTableStorage(o => o.ConnectionString = connectionString);
// Service Bus carries the node channel when configured (docs/adr/0006); otherwise the storage account's queues do.
var serviceBusConnection = builder.Configuration["ORCH_SERVICEBUS_CONNECTION"];
if (string.IsNullOrWhiteSpace(serviceBusConnection))
{
    builder.Services.AddStorageQueueNodeChannel(connectionString);
}
else
{
    builder.Services.AddServiceBusNodeChannel(
        serviceBusConnection,
        configureServiceBus: o => builder.Configuration.GetSection("Orchestrator:ServiceBus").Bind(o));
}

builder.Services.AddSingleton(sp => new StoreReadiness(sp.GetRequiredService<TableStorageInitializer>().CreateTablesAsync));
builder.Services.AddSingleton<HttpFunctionAdapter>();

await builder.Build().RunAsync();
