using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Fleet.Reporting;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// Deployments totalling P pods over the fleet: time until all are Running, bind and Running rates, per-pod startup
/// latency (creation → the control plane accepting the Running report), and, on Table Storage, Azure requests per pod
/// started and the entities the hottest partition took.
/// </summary>
internal static class BurstScenario
{
    private const int CreateInFlight = 8;

    /// <summary>
    /// Runs the burst; <paramref name="idleRequestsPerSecond"/> is the fleet's Azure requests per second while idle
    /// (taken off the burst's count).
    /// </summary>
    public static async Task RunAsync(FleetContext context, double idleRequestsPerSecond, CancellationToken cancellationToken)
    {
        var (options, api, fleet, report, log) = (context.Options, context.Api, context.Fleet, context.Report, context.Log);
        var perDeployment = options.Pods / options.Deployments;
        var names = Enumerable.Range(0, options.Deployments).Select(i => "burst-" + i.ToString("D4", CultureInfo.InvariantCulture)).ToList();
        var before = await context.CountAsync(cancellationToken);
        log.WriteLine($"Burst: {options.Deployments} Deployments, {options.Pods} pods over {options.Nodes} nodes");

        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        using (var gate = new SemaphoreSlim(CreateInFlight))
        {
            await Task.WhenAll(names.Select(async (name, i) =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var replicas = perDeployment + (i < options.Pods % options.Deployments ? 1 : 0);
                    await api.PostAsync($"apis/apps/v1/namespaces/{Manifests.Namespace}/deployments", Manifests.Deployment(name, replicas, options.TolerationSeconds), cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var created = clock.Elapsed;
        // A safety stop only: on Azurite every table operation scans the tenant's rows, so large bursts are slow here.
        var limit = TimeSpan.FromMinutes(10) + TimeSpan.FromMilliseconds(options.Pods * 200.0);
        var last = -1;
        while (RunningInBurst(context) < options.Pods)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Burst: only {RunningInBurst(context)} of {options.Pods} pods Running after {clock.Elapsed.TotalSeconds:N0} s.");
            }

            var running = RunningInBurst(context);
            if (running != last)
            {
                log.Write($"\r  {clock.Elapsed.TotalSeconds,6:N1} s: {running} of {options.Pods} Running");
                last = running;
            }

            await Task.Delay(250, cancellationToken);
        }

        var allRunning = clock.Elapsed;
        log.WriteLine($"\r  {allRunning.TotalSeconds,6:N1} s: all {options.Pods} Running");
        var after = await context.CountAsync(cancellationToken);

        // Startup latency per pod and the bind times, from the pods as the API shows them.
        var pods = await api.ListAsync($"api/v1/namespaces/{Manifests.Namespace}/pods", cancellationToken);
        var latencies = new List<double>(pods.Count);
        var toBound = new List<double>(pods.Count);
        var boundToRunning = new List<double>(pods.Count);
        var lastBound = started;
        var lastCreated = started;
        foreach (var pod in pods)
        {
            var name = pod["metadata"]!["name"]!.GetValue<string>();
            if (!name.StartsWith("burst-", StringComparison.Ordinal) || !fleet.Watch.TryGet(Manifests.Namespace, name, out var running))
            {
                continue;
            }

            var creation = pod["metadata"]!["creationTimestamp"]!.GetValue<DateTimeOffset>();
            latencies.Add(Math.Max(0, (running.At - creation).TotalSeconds));
            lastCreated = creation > lastCreated ? creation : lastCreated;
            if (Scheduled(pod) is { } bound)
            {
                lastBound = bound > lastBound ? bound : lastBound;
                toBound.Add(Math.Max(0, (bound - creation).TotalSeconds));
                boundToRunning.Add(Math.Max(0, (running.At - bound).TotalSeconds));
            }
        }

        latencies.Sort();
        toBound.Sort();
        boundToRunning.Sort();
        var bindSeconds = Math.Max((lastBound - started).TotalSeconds + 1, 1); // PodScheduled times have whole seconds
        var bindRate = options.Pods / bindSeconds;
        var burstSeconds = allRunning.TotalSeconds;
        var requests = after.Requests - before.Requests;
        var netRequests = Math.Max(0, requests.Total - (idleRequestsPerSecond * burstSeconds));

        report.Add("burst", "pods / nodes / Deployments", $"{options.Pods:N0} / {options.Nodes:N0} / {options.Deployments:N0}");
        report.Add("burst", "Deployments created (API)", $"{created.TotalSeconds:N1} s");
        report.AtMost("burst", "seconds until all pods Running", burstSeconds, 30, "s", "N1");
        report.AtLeast("burst", "pods bound per second (until the last PodScheduled)", bindRate, 1_000, "/s");
        report.Add("burst", "pods Running per second", $"{options.Pods / burstSeconds:N0} /s");
        report.Add("burst", "startup latency p50 (creation → Running accepted)", $"{Percentiles.Of(latencies, 50):N2} s");
        report.AtMost("burst", "startup latency p99 (creation → Running accepted)", Percentiles.Of(latencies, 99), 5.0, "s", "N2");
        report.Add("burst", "… the last pod created (after the Deployments)", $"{Math.Max(0, (lastCreated - started).TotalSeconds + 1):N0} s");
        report.Add("burst", "… creation → PodScheduled, p50 / p99", $"{Percentiles.Of(toBound, 50):N1} s / {Percentiles.Of(toBound, 99):N1} s");
        report.Add("burst", "… PodScheduled → Running accepted, p50 / p99", $"{Percentiles.Of(boundToRunning, 50):N1} s / {Percentiles.Of(boundToRunning, 99):N1} s");
        if (options.TableStore)
        {
            report.AtMost("burst", "Azure requests per pod started (idle rate taken off)", netRequests / options.Pods, 10, "", "N1");
            report.Add("burst", "Azure requests during the burst", requests.Describe());
            ReportPartitions(report, after.Entities - before.Entities, options.Pods, burstSeconds);
        }
        context.ReportCpu("burst", before, after, allRunning);
    }

    /// <summary>
    /// What Azure would throttle (Azurite does not): the objects partition that took the most entities during the
    /// burst, its entities a second, and its entities per pod started (the target keeps 1,000 pod starts a second
    /// within a partition's 2,000 entities a second).
    /// </summary>
    private static void ReportPartitions(FleetReport report, OperationCounts entities, int pods, double seconds)
    {
        var objects = entities.ByKind.Where(e => e.Key.StartsWith("objects ", StringComparison.Ordinal) && e.Value > 0).ToList();
        if (objects.Count == 0)
        {
            report.Add("burst", "Table Storage partitions", "no entity counts in /metrics");
            return;
        }

        var hottest = objects.MaxBy(e => e.Value);
        var group = hottest.Key["objects ".Length..];
        report.Add("burst", "entities written to the objects table, by partition group", string.Join(", ", objects.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key["objects ".Length..]} {e.Value:N0}")));
        report.Add("burst", $"hottest partition ({group}): entities per second", $"{hottest.Value / seconds:N0} /s");
        report.AtMost("burst", $"hottest partition ({group}): entities per pod started", hottest.Value / (double)pods, 2, "", "N2");
        report.Add("burst", "all partitions: entities per pod started", $"{objects.Sum(e => e.Value) / (double)pods:N1}");
    }

    private static int RunningInBurst(FleetContext context) =>
        context.Fleet.Watch.All.Count(pod => pod.Namespace == Manifests.Namespace && pod.Name.StartsWith("burst-", StringComparison.Ordinal));

    private static DateTimeOffset? Scheduled(JsonNode pod) =>
        pod["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(condition => condition?["type"]?.GetValue<string>() == "PodScheduled" && condition["status"]?.GetValue<string>() == "True")?
            ["lastTransitionTime"]?.GetValue<DateTimeOffset>();
}
