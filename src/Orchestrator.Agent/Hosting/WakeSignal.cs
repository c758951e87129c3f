namespace Orchestrator.Agent.Hosting;

/// <summary>
/// A coalescing wake-up: any number of <see cref="Set"/> calls before a wait wake it once, so a burst of nudges or
/// exits costs one pass, and a set that arrives during a pass is never lost.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (_gate)
        {
            _signal.TrySetResult();
        }
    }

    /// <summary>Waits until the signal is set or <paramref name="timeout"/> passes; returns whether it was set (and resets it).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signaled;
        lock (_gate)
        {
            signaled = _signal.Task;
        }

        if (!signaled.IsCompleted)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, timeoutSource.Token);
            await Task.WhenAny(signaled, delay);
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
