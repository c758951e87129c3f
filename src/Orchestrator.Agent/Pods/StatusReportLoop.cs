using System.Net;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Sends buffered pod statuses in batches. A pod the server answers 404 or 409 for is gone or replaced: it is dropped
/// from the desired state so the pod worker stops its processes, and the desired pods are fetched again. Once the
/// final status of a terminating pod (all its containers stopped) is stored, the pod is finalized.
/// </summary>
internal sealed partial class StatusReportLoop : AgentLoop
{
    internal const int MaxBatch = 100;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    private readonly NodeApiClient _api;
    private readonly NodeIdentity _identity;
    private readonly PodStatusBuffer _buffer;
    private readonly DesiredPodStore _desired;
    private readonly AgentSignals _signals;
    private readonly Dictionary<string, PodStatusReportItem> _finalizing = new(StringComparer.Ordinal);

    public StatusReportLoop(
        NodeApiClient api,
        NodeIdentity identity,
        PodStatusBuffer buffer,
        DesiredPodStore desired,
        AgentSignals signals,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<StatusReportLoop> logger)
        : base("pod-status", time, logger, TimeSpan.FromSeconds(1), options.Value.ResyncInterval)
    {
        _api = api;
        _identity = identity;
        _buffer = buffer;
        _desired = desired;
        _signals = signals;
    }

    protected internal override async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _identity.WaitAsync(cancellationToken);
        var batch = _buffer.Peek(MaxBatch);
        if (batch.Count == 0)
        {
            return await FinalizeAsync(cancellationToken) ? Idle : RetryPause;
        }

        var result = await _api.ReportPodStatusAsync(new PodStatusReport([.. batch.Select(entry => entry.Item)]), cancellationToken);
        var outcomes = new Dictionary<(string, string), int>();
        foreach (var outcome in result.Results ?? [])
        {
            outcomes[(outcome.Namespace, outcome.Name)] = outcome.Code;
        }

        var done = new List<BufferedStatus>(batch.Count);
        foreach (var entry in batch)
        {
            var item = entry.Item;
            var code = outcomes.TryGetValue((item.Namespace, item.Name), out var found) ? found : (int)HttpStatusCode.OK;
            switch (code)
            {
                case >= 200 and < 300:
                    if (entry.Final)
                    {
                        _finalizing[item.Uid] = item;
                    }

                    break;
                case (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Conflict:
                    Log.PodGone(Logger, item.Namespace, item.Name, item.Uid, code);
                    if (_desired.Forget(item.Uid))
                    {
                        _signals.Reconcile.Set();
                    }

                    _signals.FetchDesired.Set();
                    break;
                case >= 500:
                    // Kept for the next attempt, unless a newer status replaces it.
                    Log.ItemRetry(Logger, item.Namespace, item.Name, code);
                    continue;
                default:
                    Log.ItemRefused(Logger, item.Namespace, item.Name, code);
                    break;
            }

            done.Add(entry);
        }

        _buffer.Acknowledge(done);
        var finalized = await FinalizeAsync(cancellationToken);
        if (done.Count < batch.Count || !finalized)
        {
            return RetryPause;
        }

        return _buffer.Count > 0 ? TimeSpan.Zero : Idle;
    }

    /// <summary>
    /// Finalizes the terminating pods whose final status the control plane has: each is removed there, then
    /// forgotten here so that its stopped containers are cleaned up. One that cannot be reached now is retried on
    /// the next pass; a failure never holds up the status reports. Returns whether none is left to retry.
    /// </summary>
    private async Task<bool> FinalizeAsync(CancellationToken cancellationToken)
    {
        foreach (var item in _finalizing.Values.ToList())
        {
            try
            {
                await _api.FinalizePodAsync(item.Namespace, item.Name, item.Uid, cancellationToken);
                Log.PodFinalized(Logger, item.Namespace, item.Name, item.Uid);
            }
            catch (NodeApiException ex) when (ex.StatusCode is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Conflict)
            {
                // Already gone, or replaced by a pod of the same name: nothing of ours is left to finalize.
            }
            catch (NodeApiException ex) when (ex.StatusCode is >= 400 and < 500 and not (int)HttpStatusCode.TooManyRequests and not (int)HttpStatusCode.RequestTimeout)
            {
                Log.FinalizeRefused(Logger, item.Namespace, item.Name, ex.StatusCode, ex.Message);
            }
            catch (Exception ex) when (ex is NodeApiException or HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Log.FinalizeRetry(Logger, item.Namespace, item.Name, ex.Message);
                continue;
            }

            _finalizing.Remove(item.Uid);
            if (_desired.Forget(item.Uid))
            {
                _signals.Reconcile.Set();
            }
        }

        return _finalizing.Count == 0;
    }

    protected override async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken cancellationToken)
    {
        if (!afterFailure && delay == Idle)
        {
            await _buffer.WaitAsync(delay, Time, cancellationToken);
        }
        else if (delay > TimeSpan.Zero)
        {
            await base.WaitAsync(delay, afterFailure, cancellationToken);
        }
    }
}
