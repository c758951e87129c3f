using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Fleet.Reporting;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// The store's own ceiling, right before the scenarios and from this process, warm (after a warm-up the rate is not
/// counted in) and over long enough to be stable: single writes per second and rows per second in 100-row batches,
/// with enough of them in flight to keep the store busy. SQLite is measured through the store's own code on a scratch
/// database (each write an object and its change-log entry, as the server commits them); Table Storage as raw
/// upserts into one partition.
/// </summary>
internal static class StoreCeiling
{
    private const int SingleInFlight = 32;
    private const int BatchInFlight = 4;
    private const int BatchSize = 100;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    public static async Task RunSqliteAsync(FleetReport report, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("orch-fleet-ceiling-").FullName;
        try
        {
            var options = Options.Create(new SqliteStoreOptions { Path = Path.Combine(directory, "ceiling.db") });
            using var database = new SqliteDatabase(options);
            var store = new SqliteObjectStore(database, TimeProvider.System, options);
            var json = PodSizedJson();

            log.WriteLine($"Store ceiling (SQLite): single-object commits, {WarmUp.TotalSeconds:N0} s warm-up then {Measured.TotalSeconds:N0} s ({SingleInFlight} in flight)");
            var single = await MeasureAsync(SingleInFlight, async (worker, n) =>
            {
                await store.CommitAsync("ceiling", [Create(worker, n, "single", json)], cancellationToken);
                return 1;
            });
            log.WriteLine($"Store ceiling (SQLite): {BatchSize}-object commits ({BatchInFlight} in flight)");
            var batch = await MeasureAsync(BatchInFlight, async (worker, n) =>
            {
                await store.CommitAsync("ceiling", [.. Enumerable.Range(0, BatchSize).Select(i => Create(worker, (n * BatchSize) + i, "batch", json))], cancellationToken);
                return BatchSize;
            });
            report.AtLeast("store ceiling", "SQLite: single-object commits (object, index entry and change-log entry)", single, 10_000, "/s", "N0");
            report.Add("store ceiling", $"SQLite: objects in {BatchSize}-object commits", $"{batch:N0} /s");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static async Task RunTableAsync(string connectionString, FleetReport report, TextWriter log, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("fleetceiling" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        await table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            log.WriteLine($"Store ceiling (Table Storage): single upserts, {WarmUp.TotalSeconds:N0} s warm-up then {Measured.TotalSeconds:N0} s ({SingleInFlight} in flight)");
            var single = await MeasureAsync(SingleInFlight, async (worker, n) =>
            {
                await table.UpsertEntityAsync(Entity("single", worker, n), TableUpdateMode.Replace, cancellationToken);
                return 1;
            });
            log.WriteLine($"Store ceiling (Table Storage): {BatchSize}-entity batches ({BatchInFlight} in flight)");
            var batch = await MeasureAsync(BatchInFlight, async (worker, n) =>
            {
                var actions = Enumerable.Range(0, BatchSize)
                    .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity("batch", worker, (n * BatchSize) + i)));
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return BatchSize;
            });
            report.Add("store ceiling", "Table Storage: single-entity upserts into one partition", $"{single:N0} /s");
            report.Add("store ceiling", $"Table Storage: entities in {BatchSize}-entity batch upserts into one partition", $"{batch:N0} /s");
        }
        finally
        {
            await table.DeleteAsync(cancellationToken);
        }
    }

    private static StoreOperation.Create Create(int worker, long n, string kind, byte[] json) =>
        new(new ObjectKey("ceiling", "pods", kind, $"{worker:D3}-{n:D9}"), json, [new IndexEntry("node", "")]);

    /// <summary>About the size of a pod the burst creates (1.5 KB of JSON).</summary>
    private static byte[] PodSizedJson() => Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"padding\":\"" + new string('x', 1500) + "\"}}");

    private static TableEntity Entity(string partition, int worker, long n) => new(partition, $"{worker:D3}-{n:D9}")
    {
        ["Payload"] = new string('x', 512),
        ["Count"] = n,
    };

    /// <summary>
    /// Runs <paramref name="inFlight"/> workers for the warm-up and then the measured time; returns units done per
    /// second in the measured time only.
    /// </summary>
    private static async Task<double> MeasureAsync(int inFlight, Func<int, long, Task<int>> work)
    {
        var clock = Stopwatch.StartNew();
        var end = WarmUp + Measured;
        // Each worker on the thread pool: a write that completes at once (SQLite's writer runs a lone write on its
        // caller's thread) must not keep the first worker running alone until the time is up.
        var totals = await Task.WhenAll(Enumerable.Range(0, inFlight).Select(worker => Task.Run(async () =>
        {
            long done = 0;
            for (long n = 0; clock.Elapsed < end; n++)
            {
                var units = await work(worker, n);
                if (clock.Elapsed >= WarmUp)
                {
                    done += units;
                }
            }

            return done;
        })));
        return totals.Sum() / (clock.Elapsed - WarmUp).TotalSeconds;
    }
}
