using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>
/// C concurrent clients, each reading, listing and updating its own Secret for a while (no controller acts on Secrets,
/// so the figures are the API's and the store's alone): p50 / p99 per operation and the errors.
/// </summary>
internal static class ApiLatencyScenario
{
    /// <summary>The status recorded for a 2xx list that did not hold exactly the client's Secret.</summary>
    private const int WrongAnswer = 999;

    private static readonly string[] Operations = ["get", "list", "update"];

    public static async Task RunAsync(FleetContext context, CancellationToken cancellationToken)
    {
        var (options, api, report, log) = (context.Options, context.Api, context.Report, context.Log);
        var secrets = $"api/v1/namespaces/{Manifests.Namespace}/secrets";
        log.WriteLine($"API latency: {options.ApiClients} clients for {options.ApiTime.TotalSeconds:N0} s");
        using (var gate = new SemaphoreSlim(16))
        {
            await Task.WhenAll(Enumerable.Range(0, options.ApiClients).Select(async client =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    await api.PostAsync(secrets, Manifests.Secret(Name(client), client, 0), cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var samples = Operations.ToDictionary(operation => operation, _ => new List<double>());
        var errors = Operations.ToDictionary(operation => operation, _ => new SortedDictionary<int, int>());
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, options.ApiClients).Select(client => Task.Run(() => ClientAsync(api.Http, secrets, client, clock, options.ApiTime, cancellationToken), cancellationToken)));
        foreach (var result in results)
        {
            foreach (var (operation, milliseconds, status) in result)
            {
                if (status is >= 200 and < 300)
                {
                    samples[operation].Add(milliseconds);
                }
                else
                {
                    errors[operation][status] = errors[operation].GetValueOrDefault(status) + 1;
                }
            }
        }

        report.Add("API latency", "clients × seconds", $"{options.ApiClients} × {clock.Elapsed.TotalSeconds:N0}");
        foreach (var operation in Operations)
        {
            var sorted = samples[operation];
            sorted.Sort();
            var label = operation switch
            {
                "get" => "get one Secret",
                "list" => "list (label selector matching one Secret)",
                _ => "update one Secret (PUT with resourceVersion)",
            };
            var failed = errors[operation].Values.Sum();
            var codes = failed == 0 ? "" : " (" + string.Join(", ", errors[operation].Select(e => $"{e.Key switch { 0 => "no answer", WrongAnswer => "wrong items", _ => e.Key.ToString(CultureInfo.InvariantCulture) }}: {e.Value:N0}")) + ")";
            report.Add("API latency", $"{label}: answered / errors", $"{sorted.Count:N0} / {failed:N0}{codes}");
            report.Add("API latency", $"{label}: p50", $"{Percentiles.Of(sorted, 50):N1} ms");
            if (operation == "list")
            {
                report.Add("API latency", $"{label}: p99", $"{Percentiles.Of(sorted, 99):N1} ms");
            }
            else
            {
                report.AtMost("API latency", $"{label}: p99", Percentiles.Of(sorted, 99), 100, "ms", "N1");
            }
        }
    }

    private static string Name(int client) => "api-client-" + client.ToString("D4", CultureInfo.InvariantCulture);

    private static async Task<List<(string Operation, double Milliseconds, int Status)>> ClientAsync(
        HttpClient http, string secrets, int client, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        var results = new List<(string, double, int)>();
        var item = $"{secrets}/{Name(client)}";
        var list = $"{secrets}?labelSelector=fleet-client%3D{client.ToString(CultureInfo.InvariantCulture)}";
        for (var revision = 1; clock.Elapsed < duration; revision++)
        {
            // get
            var start = clock.Elapsed;
            JsonNode? secret = null;
            var status = 0;
            try
            {
                using var response = await http.GetAsync(item, cancellationToken);
                status = (int)response.StatusCode;
                secret = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) : null;
            }
            catch (HttpRequestException)
            {
            }

            results.Add(("get", (clock.Elapsed - start).TotalMilliseconds, status));

            // list
            start = clock.Elapsed;
            status = 0;
            try
            {
                using var response = await http.GetAsync(list, cancellationToken);
                status = (int)response.StatusCode;

                // A list that misses the client's one Secret is wrong, whatever its status says.
                if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))?["items"]?.AsArray().Count != 1)
                {
                    status = WrongAnswer;
                }
            }
            catch (HttpRequestException)
            {
            }

            results.Add(("list", (clock.Elapsed - start).TotalMilliseconds, status));

            // update, on the version just read
            if (secret is null)
            {
                continue;
            }

            secret["stringData"] = new JsonObject { ["revision"] = revision.ToString(CultureInfo.InvariantCulture) };
            start = clock.Elapsed;
            status = 0;
            try
            {
                using var content = new StringContent(secret.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PutAsync(item, content, cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
            }

            results.Add(("update", (clock.Elapsed - start).TotalMilliseconds, status));
        }

        return results;
    }
}
