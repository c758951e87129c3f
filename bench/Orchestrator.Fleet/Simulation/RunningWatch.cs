using System.Collections.Concurrent;
using System.Text.Json;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.Fleet.Simulation;

/// <summary>
/// When the control plane accepted each pod's first <c>Running</c> report: a handler on the simulated agents' HTTP
/// client reads their own status reports and the server's per-pod answers (the agent code is not changed).
/// </summary>
internal sealed class RunningWatch
{
    private readonly ConcurrentDictionary<string, RunningPod> _running = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public RunningWatch(TimeProvider time) => _time = time;

    /// <summary>Raised for each pod's first accepted Running report.</summary>
    public event Action<RunningPod>? PodRunning;

    public int Count => _running.Count;

    public bool TryGet(string @namespace, string name, out RunningPod pod) => _running.TryGetValue(Key(@namespace, name), out pod!);

    public IReadOnlyCollection<RunningPod> All => [.. _running.Values];

    public DelegatingHandler CreateHandler(string node) => new Handler(this, node);

    private void Accepted(PodStatusReport report, PodStatusReportResult result, string node)
    {
        var now = _time.GetUtcNow();
        var accepted = result.Results.Where(outcome => outcome.Code == 200).Select(outcome => Key(outcome.Namespace, outcome.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var item in report.Items)
        {
            var key = Key(item.Namespace, item.Name);
            if (item.Status.Phase == "Running" && accepted.Contains(key))
            {
                var pod = new RunningPod(item.Namespace, item.Name, item.Uid, node, now);
                if (_running.TryAdd(key, pod))
                {
                    PodRunning?.Invoke(pod);
                }
            }
        }
    }

    private static string Key(string @namespace, string name) => @namespace + "/" + name;

    private sealed class Handler : DelegatingHandler
    {
        private readonly RunningWatch _watch;
        private readonly string _node;

        public Handler(RunningWatch watch, string node)
        {
            _watch = watch;
            _node = node;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/podstatus", StringComparison.Ordinal) &&
                response.IsSuccessStatusCode && request.Content is { } content)
            {
                // Both bodies are buffered: the request's by the agent, the response's here (the agent reads it again).
                var report = JsonSerializer.Deserialize(await content.ReadAsStreamAsync(cancellationToken), NodeApiJsonContext.Default.PodStatusReport);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var result = JsonSerializer.Deserialize(await response.Content.ReadAsStreamAsync(cancellationToken), NodeApiJsonContext.Default.PodStatusReportResult);
                if (report is not null && result is not null)
                {
                    _watch.Accepted(report, result, _node);
                }
            }

            return response;
        }
    }
}
