using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// What a load balancer in front of the workload would see, sampled every <see cref="Interval"/>: the pods the API
/// lists as Ready (and not terminating), and how many of them answer HTTP with their own page.
/// </summary>
/// <remarks>
/// A pod listed Ready that fails to answer because it was taken away between the listing and the request (it is no
/// longer Ready, or gone, when listed again right after) makes the sample inconclusive rather than a failure: that is
/// the listing going stale, not the rollout. A rollout that really takes a pod away too early shows in every sample
/// that follows, because its replacement needs seconds to become Ready.
/// </remarks>
internal sealed class ServingSampler : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly ControlPlaneClient _api;
    private readonly HttpClient _http = WebWorkload.NewClient();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ServingSample> _samples = [];
    private Task? _loop;

    public ServingSampler(ControlPlaneClient api)
    {
        _api = api;
    }

    /// <summary>Samples taken so far (conclusive ones only).</summary>
    public IReadOnlyList<ServingSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public int Inconclusive { get; private set; }

    public int Errors { get; private set; }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops sampling and returns the conclusive samples.</summary>
    public async Task<IReadOnlyList<ServingSample>> StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        return Samples;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            try
            {
                await SampleAsync();
            }
            catch (HttpRequestException)
            {
                // The API did not answer this once (the store is busy): no sample, not a failure of the workload.
                Errors++;
            }
            catch (TaskCanceledException)
            {
                Errors++;
            }

            var wait = Interval - (DateTimeOffset.UtcNow - started);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SampleAsync()
    {
        var at = DateTimeOffset.UtcNow;
        var listed = (await _api.ListAsync(Pods))!.Select(p => p!).ToList();
        var serving = listed.Where(WebWorkload.IsServing).ToList();
        var answers = await Task.WhenAll(serving.Select(pod => WebWorkload.AnswersAsync(_http, pod)));
        var silent = serving.Where((_, i) => !answers[i]).ToList();
        if (silent.Count > 0)
        {
            var after = (await _api.ListAsync(Pods))!.Select(p => p!).ToDictionary(p => WebWorkload.Uid(p));
            if (silent.Any(pod => !after.TryGetValue(WebWorkload.Uid(pod), out var now) || !WebWorkload.IsServing(now)))
            {
                Inconclusive++;
                return;
            }
        }

        var sample = new ServingSample(
            at,
            serving.Count,
            answers.Count(a => a),
            string.Join(", ", listed.Select(p => $"{Name(p)}@{WebWorkload.NodeOf(p)}:{(WebWorkload.IsServing(p) ? "ready" : "not-ready")}{(silent.Contains(p) ? "/silent" : "")}")));
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }
}
