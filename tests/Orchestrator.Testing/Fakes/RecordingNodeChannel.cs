using Orchestrator.Core.Channels;

namespace Orchestrator.Testing.Fakes;

/// <summary>
/// An <see cref="INodeChannel"/> that records the nudges it is asked to send and grants a queue to any node. Set
/// <see cref="NudgeFailure"/> to make every nudge fail, as an unreachable queue service would.
/// </summary>
public sealed class RecordingNodeChannel : INodeChannel
{
    private readonly Lock _gate = new();
    private readonly List<NodeNudge> _nudges = [];
    private readonly List<(string Tenant, string Node)> _deleted = [];
    private readonly List<LogRequest> _logRequests = [];
    private int _failedNudges;

    /// <summary>When set, <see cref="NudgeAsync"/> throws it (after counting the attempt in <see cref="FailedNudges"/>).</summary>
    public Exception? NudgeFailure { get; set; }

    /// <summary>Nudges sent successfully.</summary>
    public IReadOnlyList<NodeNudge> Nudges
    {
        get
        {
            lock (_gate)
            {
                return [.. _nudges];
            }
        }
    }

    /// <summary>Nudges attempted while <see cref="NudgeFailure"/> was set.</summary>
    public int FailedNudges
    {
        get
        {
            lock (_gate)
            {
                return _failedNudges;
            }
        }
    }

    /// <summary>Called with every log request sent, as the node's agent would receive it.</summary>
    public Action<LogRequest>? OnLogRequest { get; set; }

    /// <summary>Log requests sent.</summary>
    public IReadOnlyList<LogRequest> LogRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _logRequests];
            }
        }
    }

    /// <summary>Queues removed, by tenant and node.</summary>
    public IReadOnlyList<(string Tenant, string Node)> Deleted
    {
        get
        {
            lock (_gate)
            {
                return [.. _deleted];
            }
        }
    }

    public Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken) =>
        Task.FromResult(new NodeChannelGrant("storage-queue", $"memory://{tenant}/{nodeName}", DateTimeOffset.MaxValue));

    public Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        lock (_gate)
        {
            if (NudgeFailure is { } failure)
            {
                _failedNudges++;
                return Task.FromException(failure);
            }

            _nudges.Add(nudge);
        }

        return Task.CompletedTask;
    }

    public Task SendLogRequestAsync(LogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            _logRequests.Add(request);
        }

        OnLogRequest?.Invoke(request);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _deleted.Add((tenant, nodeName));
        }

        return Task.CompletedTask;
    }
}
