using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Orchestrator.Fleet;
using Orchestrator.Fleet.Footprint;
using Orchestrator.Fleet.Hosting;
using Orchestrator.Fleet.Reporting;
using Orchestrator.Fleet.Scenarios;
using Orchestrator.Fleet.Simulation;

if (args is ["--help"] or ["-h"])
{
    await Console.Out.WriteAsync(FleetOptions.Usage);
    return 0;
}

FleetOptions options;
try
{
    options = FleetOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or UriFormatException)
{
    await Console.Error.WriteLineAsync($"Orchestrator.Fleet: {ex.Message}\n\n{FleetOptions.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var cancellationToken = stop.Token;
var log = Console.Out;
var root = RepositoryRoot();
var clock = Stopwatch.StartNew();
var failures = 0;

var report = new FleetReport(new Dictionary<string, string>
{
    ["Date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
    ["Machine"] = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}",
    ["Control plane"] = options.Server is not null ? options.Server.ToString()
        : options.TableStore ? "the standalone server on Table Storage, in an Azurite started by this run (one process each)"
        : "the standalone server on its SQLite file (one process), started by this run",
    ["Fleet"] = $"{options.Nodes:N0} simulated agents in one process (the agent's own code with a `sim` runtime); {options.Pods:N0} pods in the burst",
});
using var agentRequests = new AzureRequestTally();

// Phase 1, the product's default settings: the store's ceiling, idle cost, the burst, API latency, the agent's footprint.
await using (var plane = options.Server is null ? await LocalControlPlane.StartAsync(root, options.TableStore, new Dictionary<string, string>(), log, cancellationToken) : null)
{
    using var api = Api(plane);
    var storage = plane?.StorageConnectionString ?? options.Storage;
    if (!options.TableStore)
    {
        await StoreCeiling.RunSqliteAsync(report, log, cancellationToken);
    }
    else if (storage is not null)
    {
        await StoreCeiling.RunTableAsync(storage, report, log, cancellationToken);
    }
    else
    {
        report.Add("store ceiling", "not measured", "give --storage with --server");
    }

    await using (var fleet = new SimFleet(api, "sim", options.Nodes, TimeSpan.FromSeconds(10)))
    {
        var context = new FleetContext(options, api, fleet, agentRequests, report, log, plane?.StoreCpuSeconds is null ? null : () => plane.StoreCpuSeconds ?? double.NaN);
        await JoinAsync(context, "fleet");

        // Let the joins' after-effects (first node status, channel grants, the loops' first passes) settle before counting.
        await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
        var idleRate = 0.0;
        await ScenarioAsync("idle", async () => idleRate = await IdleScenario.RunAsync(context, cancellationToken));
        await ScenarioAsync("burst", () => BurstScenario.RunAsync(context, idleRate, cancellationToken));
        await ScenarioAsync("API latency", () => ApiLatencyScenario.RunAsync(context, cancellationToken));
        await ScenarioAsync("fleet", () => FailoverScenario.ReadyAsync(context, "fleet", cancellationToken));
    }

    if (options.Footprint)
    {
        await ScenarioAsync("agent footprint", async () =>
        {
            var work = Directory.CreateTempSubdirectory("orch-fleet-footprint-").FullName;
            try
            {
                var footprint = await AgentFootprint.MeasureAsync(new AgentFootprintRequest(root, api.Server, api, work, log) { Window = options.FootprintWindow }, cancellationToken);
                report.Add("agent footprint", $"self-contained single file ({footprint.Runtime})", $"{footprint.SingleFileBytes / 1048576.0:N1} MiB");
                report.AtMost("agent footprint", $"idle agent resident memory, max over {footprint.Window.TotalSeconds:N0} s (average {footprint.RssMiBAverage * 1.048576:N1} MB)", footprint.RssMiBMax * 1.048576, 50, "MB", "N1");
                report.AtMost("agent footprint", "idle agent CPU, % of one core", footprint.CpuPercent, 0.5, "%", "N2");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        });
    }
}

// Phase 2, fast-failover settings, on a control plane and fleet of their own (its grace applies to every node).
if (options.Failover)
{
    await using (var plane = options.Server is null
        ? await LocalControlPlane.StartAsync(root, options.TableStore, new Dictionary<string, string>
        {
            ["Orchestrator__Loops__NodeGracePeriod"] = options.FailoverGrace.ToString("c", CultureInfo.InvariantCulture),
            ["Orchestrator__Loops__NodeMonitorPeriod"] = "00:00:01",
        }, log, cancellationToken)
        : null)
    {
        using var api = Api(plane);
        await using var fleet = new SimFleet(api, "fo", options.Nodes, options.FailoverLeaseInterval);
        var context = new FleetContext(options, api, fleet, agentRequests, report, log, plane?.StoreCpuSeconds is null ? null : () => plane.StoreCpuSeconds ?? double.NaN);
        await JoinAsync(context, "failover");
        await ScenarioAsync("failover", () => FailoverScenario.RunAsync(context, cancellationToken));
        await ScenarioAsync("failover", () => FailoverScenario.ReadyAsync(context, "failover", cancellationToken));
    }
}

report.Add("run", "whole run", $"{clock.Elapsed.TotalMinutes:N1} min");
var output = await SaveAsync();
log.WriteLine();
log.WriteLine(report.ToMarkdown());
log.WriteLine($"Written to {Path.Combine(output, "fleet.md")} and fleet.json");
return failures == 0 ? 0 : 1;

// The table so far, after every scenario, so that an interrupted run keeps what it measured.
async Task<string> SaveAsync()
{
    var folder = Directory.CreateDirectory(Path.Combine(root, options.Output)).FullName;
    await File.WriteAllTextAsync(Path.Combine(folder, "fleet.md"), report.ToMarkdown(), CancellationToken.None);
    await File.WriteAllTextAsync(Path.Combine(folder, "fleet.json"), report.ToJson(), CancellationToken.None);
    return folder;
}

// A scenario that fails is a row of the table, and the others still run: a miss is not a reason to stop measuring.
async Task ScenarioAsync(string scenario, Func<Task> run)
{
    try
    {
        await run();
    }
    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
    {
        failures++;
        report.Add(scenario, "**did not complete**", ex.Message.Split('\n')[0].Replace("|", "/", StringComparison.Ordinal));
        await Console.Error.WriteLineAsync($"{scenario}: {ex}");
    }

    await SaveAsync();
}

FleetApi Api(LocalControlPlane? plane) => new(plane?.Url ?? options.Server!, plane?.Token ?? options.Token!, Math.Max(256, options.ApiClients));

async Task JoinAsync(FleetContext context, string phase)
{
    try
    {
        await context.Api.PostAsync("api/v1/namespaces", Manifests.NamespaceObject(Manifests.Namespace), cancellationToken);
    }
    catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
    {
    }

    var joining = Stopwatch.StartNew();
    log.WriteLine($"Joining {context.Fleet.Nodes.Count} simulated agents");
    await context.Fleet.StartAsync(log, cancellationToken);
    report.Add(phase, "agents joined and holding their credential", $"{joining.Elapsed.TotalSeconds:N1} s");
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run Orchestrator.Fleet from its build output inside the repository.");
}
