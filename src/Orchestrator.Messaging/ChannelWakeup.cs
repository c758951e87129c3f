namespace Orchestrator.Messaging;

/// <summary>
/// Tells a storage-queue receiver to receive now instead of at the end of its back-off: the agent wakes it when the
/// control plane's doorbell rings (docs/adr/0015). Coalescing: any number of <see cref="Wake"/> calls before a wait end
/// that wait once, and a wake that arrives while no receiver waits (during a receive) ends the next wait at once.
/// </summary>
public sealed class ChannelWakeup
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends the current or next wait.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _signal.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until <see cref="Wake"/> is called or <paramref name="timeout"/> passes on <paramref name="time"/>; returns
    /// whether it was woken (and consumes the wake).
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        Task woken;
        lock (_gate)
        {
            woken = _signal.Task;
        }

        if (!woken.IsCompleted)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, timeoutSource.Token);
            await Task.WhenAny(woken, delay);
            await timeoutSource.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        lock (_gate)
        {
            if (!_signal.Task.IsCompleted)
            {
                return false;
            }

            _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }
}
