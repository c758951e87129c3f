namespace Orchestrator.ControlPlane.Doorbell;

/// <summary>
/// Per-node doorbells of the standalone server (docs/adr/0015): an agent long-polls <see cref="WaitAsync"/> and is
/// answered as soon as the control plane has put a message on its node's queue (<see cref="Ring"/>), so it receives
/// from the queue at once instead of polling it every second. Memory stays bounded: an entry (a generation and at most
/// one pending task) exists only for a node an agent has waited on, a ring for any other node is dropped (its agent is
/// not listening, and its first wait answers at once anyway), and <see cref="Forget"/> removes a deleted node's entry.
/// In-process only: the Functions host runs on many instances and does not register it.
/// </summary>
public sealed class NodeDoorbell
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Node), Entry> _entries = [];
    private readonly TimeProvider _time;
    private bool _closed;

    public NodeDoorbell(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>How many nodes have an entry (for tests and diagnostics).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A message for the node is on its queue: bumps its generation and answers its waiters.</summary>
    public void Ring(string tenant, string node)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(node);
        TaskCompletionSource<long>? waiters;
        long generation;
        lock (_gate)
        {
            if (!_entries.TryGetValue((tenant, node), out var entry))
            {
                return;
            }

            generation = ++entry.Generation;
            waiters = entry.Waiters;
            entry.Waiters = null;
        }

        waiters?.TrySetResult(generation);
    }

    /// <summary>
    /// Returns the node's generation at once when it differs from <paramref name="seen"/>; otherwise waits for a ring
    /// or until <paramref name="timeout"/> passes, and returns the generation then (the same one after a timeout).
    /// </summary>
    public async Task<long> WaitAsync(string tenant, string node, long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(node);
        Task<long> rung;
        lock (_gate)
        {
            if (!_entries.TryGetValue((tenant, node), out var entry))
            {
                entry = new Entry();
                _entries[(tenant, node)] = entry;
            }

            if (entry.Generation != seen || _closed)
            {
                return entry.Generation;
            }

            entry.Waiters ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            rung = entry.Waiters.Task;
        }

        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var delay = Task.Delay(timeout, _time, timeoutSource.Token);
            var first = await Task.WhenAny(rung, delay);
            await timeoutSource.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (first == rung)
            {
                return await rung;
            }
        }

        lock (_gate)
        {
            return _entries.TryGetValue((tenant, node), out var entry) ? entry.Generation : seen;
        }
    }

    /// <summary>
    /// The host is stopping: answers every waiter now (as a timeout would) and every later wait at once, so that long
    /// polls do not hold the server's graceful shutdown open.
    /// </summary>
    public void Close()
    {
        List<(TaskCompletionSource<long> Waiters, long Generation)> pending;
        lock (_gate)
        {
            _closed = true;
            pending = [.. _entries.Values.Where(e => e.Waiters is not null).Select(e => (e.Waiters!, e.Generation))];
            foreach (var entry in _entries.Values)
            {
                entry.Waiters = null;
            }
        }

        foreach (var (waiters, generation) in pending)
        {
            waiters.TrySetResult(generation);
        }
    }

    /// <summary>The node was deleted: drops its entry, answering anyone still waiting.</summary>
    public void Forget(string tenant, string node)
    {
        TaskCompletionSource<long>? waiters = null;
        long generation = 0;
        lock (_gate)
        {
            if (_entries.Remove((tenant, node), out var entry))
            {
                generation = entry.Generation + 1;
                waiters = entry.Waiters;
            }
        }

        waiters?.TrySetResult(generation);
    }

    private sealed class Entry
    {
        public long Generation { get; set; }

        /// <summary>Completed by the next ring; shared by every request waiting on the node (one agent, or a duplicate).</summary>
        public TaskCompletionSource<long>? Waiters { get; set; }
    }
}
