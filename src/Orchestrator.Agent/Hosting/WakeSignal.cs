namespace Orchestrator.Agent.Hosting;

/// <summary>
/// A coalescing wake-up: any number of <see cref="Set"/> calls before a wait end that wait once, and a set that arrives
/// while nobody waits ends the next wait at once (it is never lost). The agent's loops wait on them, so a burst of
/// nudges or exits costs one pass.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends the current or next wait.</summary>
    public void Set()
    {
        lock (_gate)
        {
            _signal.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until <see cref="Set"/> is called or <paramref name="timeout"/> passes on <paramref name="time"/>; returns
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
