using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Orchestrator.Fleet.Reporting;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// The store's own ceiling, right before the scenarios and from this process: single-entity upserts/s and entities/s
/// in 100-entity batches, each into one partition, with enough requests in flight to keep the store busy.
/// </summary>
internal static class StoreCeiling
{
    private const int SingleInFlight = 32;
    private const int BatchInFlight = 4;
    private const int BatchSize = 100;

    public static async Task<(double SingleUpserts, double BatchEntities)> RunAsync(string connectionString, FleetReport report, TextWriter log, TimeSpan each, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("fleetceiling" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        await table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            log.WriteLine($"Store ceiling: single upserts for {each.TotalSeconds:N0} s ({SingleInFlight} in flight)");
            var single = await MeasureAsync(SingleInFlight, each, async (worker, n) =>
            {
                await table.UpsertEntityAsync(Entity("single", worker, n), TableUpdateMode.Replace, cancellationToken);
                return 1;
            });
            log.WriteLine($"Store ceiling: {BatchSize}-entity batches for {each.TotalSeconds:N0} s ({BatchInFlight} in flight)");
            var batch = await MeasureAsync(BatchInFlight, each, async (worker, n) =>
            {
                var actions = Enumerable.Range(0, BatchSize)
                    .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity("batch", worker, (n * BatchSize) + i)));
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return BatchSize;
            });
            report.Add("store ceiling", "single-entity upserts into one partition", $"{single:N0} /s");
            report.Add("store ceiling", $"entities in {BatchSize}-entity batch upserts into one partition", $"{batch:N0} /s");
            return (single, batch);
        }
        finally
        {
            await table.DeleteAsync(cancellationToken);
        }
    }

    private static TableEntity Entity(string partition, int worker, long n) => new(partition, $"{worker:D3}-{n:D9}")
    {
        ["Payload"] = new string('x', 512),
        ["Count"] = n,
    };

    /// <summary>Runs <paramref name="inFlight"/> workers for <paramref name="duration"/>; returns units done per second.</summary>
    private static async Task<double> MeasureAsync(int inFlight, TimeSpan duration, Func<int, long, Task<int>> work)
    {
        var clock = Stopwatch.StartNew();
        var totals = await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async worker =>
        {
            long done = 0;
            for (long n = 0; clock.Elapsed < duration; n++)
            {
                done += await work(worker, n);
            }

            return done;
        }));
        return totals.Sum() / clock.Elapsed.TotalSeconds;
    }
}
