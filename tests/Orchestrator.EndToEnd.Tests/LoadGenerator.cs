using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Steady HTTP load as users behind a load balancer make it: <c>workers</c> loops, together about
/// <c>requestsPerSecond</c>, each request on a new connection (<c>Connection: close</c>, no pooling) to the next of the
/// targets in turn; every request that does not come back 2xx within the timeout counts as a failure.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<Uri> _targets;
    private readonly int _workers;
    private readonly TimeSpan _period;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero, ConnectTimeout = RequestTimeout })
    {
        Timeout = RequestTimeout,
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _pages = new();
    private readonly Stopwatch _clock = new();
    private Task[] _loops = [];
    private long _requests;
    private long _failed;
    private long _next;

    public LoadGenerator(IReadOnlyList<Uri> targets, int workers, int requestsPerSecond)
    {
        _targets = targets;
        _workers = workers;
        _period = TimeSpan.FromSeconds((double)workers / requestsPerSecond);
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Failed => Interlocked.Read(ref _failed);

    public void Start()
    {
        _clock.Start();
        _loops = [.. Enumerable.Range(0, _workers).Select(_ => Task.Run(() => RunAsync(_stop.Token)))];
    }

    /// <summary>Stops the load and returns what it saw.</summary>
    public async Task<LoadTotals> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _clock.Stop();
        return new LoadTotals(Requests, Failed, _clock.Elapsed, [.. _failures.Take(20)], new Dictionary<string, int>(_pages));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var due = _clock.Elapsed;
        while (!stop.IsCancellationRequested)
        {
            var target = _targets[(int)(Interlocked.Increment(ref _next) % _targets.Count)];
            await SendAsync(target);
            due += _period;
            var wait = due - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SendAsync(Uri target)
    {
        var at = _clock.Elapsed;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.ConnectionClose = true;
            using var response = await _http.SendAsync(request);
            var body = (await response.Content.ReadAsStringAsync()).Trim();
            if (response.IsSuccessStatusCode)
            {
                _pages.AddOrUpdate(body, 1, (_, n) => n + 1);
            }
            else
            {
                Fail($"{(int)response.StatusCode} {body}");
            }
        }
        catch (HttpRequestException e)
        {
            Fail(e.Message + (e.InnerException is { } inner ? $" ({inner.Message})" : ""));
        }
        catch (TaskCanceledException)
        {
            Fail($"no answer within {RequestTimeout.TotalSeconds:0} s");
        }
        finally
        {
            Interlocked.Increment(ref _requests);
        }

        void Fail(string why)
        {
            Interlocked.Increment(ref _failed);
            _failures.Enqueue($"{at.TotalSeconds:F2} s {target}: {why}");
        }
    }
}
