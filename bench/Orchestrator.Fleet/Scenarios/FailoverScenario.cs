using System.Diagnostics;
using System.Globalization;
using Orchestrator.Fleet.Hosting;
using Orchestrator.Fleet.Simulation;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// On a fleet with fast-failover settings: runs F pods, stops K agents that run some of them, and measures how long
/// until as many replacement pods are Running on the other nodes, with the grace and tolerations that decide it
/// printed beside; then starts the agents again and checks that every node turns Ready and the replaced pods stop.
/// </summary>
internal static class FailoverScenario
{
    private const int PodsPerDeployment = 100;

    public static async Task RunAsync(FleetContext context, CancellationToken cancellationToken)
    {
        var (options, api, fleet, report, log) = (context.Options, context.Api, context.Fleet, context.Report, context.Log);
        var deployments = (options.FailoverPods + PodsPerDeployment - 1) / PodsPerDeployment;
        log.WriteLine($"Failover: {options.FailoverPods} pods in {deployments} Deployments over {options.Nodes} nodes");
        for (var i = 0; i < deployments; i++)
        {
            var replicas = Math.Min(PodsPerDeployment, options.FailoverPods - (i * PodsPerDeployment));
            await api.PostAsync($"apis/apps/v1/namespaces/{Manifests.Namespace}/deployments",
                Manifests.Deployment("failover-" + i.ToString("D4", CultureInfo.InvariantCulture), replicas, options.TolerationSeconds), cancellationToken);
        }

        await WaitForAsync(() => Task.FromResult(fleet.Watch.Count >= options.FailoverPods), TimeSpan.FromMinutes(5), cancellationToken);
        if (fleet.Watch.Count < options.FailoverPods)
        {
            throw new TimeoutException($"Failover: only {fleet.Watch.Count} of {options.FailoverPods} pods Running after 5 minutes.");
        }

        var byNode = fleet.Watch.All.GroupBy(pod => pod.Node).ToDictionary(group => group.Key, group => group.Count());
        var victims = fleet.Nodes.Where(node => byNode.ContainsKey(node.Name)).Take(options.FailoverAgents).ToList();
        var lost = victims.Sum(node => node.Driver.Running);
        var victimNames = victims.Select(node => node.Name).ToHashSet(StringComparer.Ordinal);
        log.WriteLine($"Failover: stopping {victims.Count} agents running {lost} pods");

        var replacements = new List<double>();
        var clock = Stopwatch.StartNew();
        void OnRunning(RunningPod pod)
        {
            if (!victimNames.Contains(pod.Node))
            {
                lock (replacements)
                {
                    replacements.Add(clock.Elapsed.TotalSeconds);
                }
            }
        }

        fleet.Watch.PodRunning += OnRunning;
        try
        {
            await Task.WhenAll(victims.Select(node => node.StopAsync()));
            var limit = options.FailoverGrace + TimeSpan.FromSeconds(options.TolerationSeconds) + TimeSpan.FromMinutes(2);
            await WaitForAsync(() => Task.FromResult(Count(replacements) >= lost), limit, cancellationToken);
        }
        finally
        {
            fleet.Watch.PodRunning -= OnRunning;
        }

        List<double> times;
        lock (replacements)
        {
            if (replacements.Count < lost)
            {
                throw new TimeoutException($"Failover: only {replacements.Count} of {lost} pods Running elsewhere after {clock.Elapsed.TotalSeconds:N0} s.");
            }

            times = [.. replacements.Take(lost).Order()];
        }

        report.Add("failover", "pods / nodes; agents stopped / their pods", $"{options.FailoverPods:N0} / {options.Nodes:N0}; {victims.Count} / {lost}");
        report.Add("failover", "fast-failover settings", $"lease every {options.FailoverLeaseInterval.TotalSeconds:N0} s, node grace {options.FailoverGrace.TotalSeconds:N0} s, node monitor every 1 s, pods tolerate unreachable/not-ready {options.TolerationSeconds} s");
        report.Add("failover", "first replacement Running", $"{times[0]:N1} s");
        report.Add("failover", "replacements Running, p50", $"{Percentiles.Of(times, 50):N1} s");
        report.AtMost("failover", "all their pods Running elsewhere", times[^1], 15, "s", "N1");

        // The agents come back: they stop the pods that were replaced, and their nodes turn Ready.
        log.WriteLine("Failover: starting the stopped agents again");
        await Task.WhenAll(victims.Select(node => fleet.RestartAsync(node, cancellationToken)));
        await WaitForAsync(() => Task.FromResult(victims.Sum(node => node.Driver.Running) == 0), TimeSpan.FromMinutes(2), cancellationToken, pollMilliseconds: 500);
        report.AtMost("failover", "replaced pods still running on the returned nodes after 2 min", victims.Sum(node => node.Driver.Running), 0, "");
    }

    /// <summary>Records how many of the fleet's nodes are not Ready although their agent runs (must be none), waiting up to a minute.</summary>
    public static async Task ReadyAsync(FleetContext context, string phase, CancellationToken cancellationToken)
    {
        var notReady = 0;
        var running = context.Fleet.Nodes.Where(node => node.IsRunning).Select(node => node.Name).ToHashSet(StringComparer.Ordinal);
        await WaitForAsync(async () =>
        {
            var nodes = await context.Api.ListAsync("api/v1/nodes", cancellationToken);
            notReady = nodes.Count(node => running.Contains(node["metadata"]!["name"]!.GetValue<string>()) && !FleetApi.IsReady(node));
            return notReady == 0;
        }, TimeSpan.FromMinutes(1), cancellationToken, pollMilliseconds: 1000);
        context.Report.AtMost(phase, "nodes not Ready although their agent runs", notReady, 0, "");
    }

    private static int Count(List<double> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken cancellationToken, int pollMilliseconds = 100)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition() && clock.Elapsed < limit)
        {
            await Task.Delay(pollMilliseconds, cancellationToken);
        }
    }
}
