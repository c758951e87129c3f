using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Loops;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class LoopQueueTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public void Drain_KeyAddedManyTimes_ReturnsItOnce()
    {
        var queue = new LoopQueue();
        for (var i = 0; i < 10; i++)
        {
            queue.Add(new LoopKey("acme", "default", "web"));
        }

        Assert.Equal([new LoopKey("acme", "default", "web")], queue.Drain());
        Assert.Empty(queue.Drain());
    }

    [Fact]
    public void Drain_DifferentKeys_ReturnsEach()
    {
        var queue = new LoopQueue();
        queue.Add(new LoopKey("acme", "default", "web"));
        queue.Add(new LoopKey("acme", "default", "api"));
        queue.Add(new LoopKey("globex", "default", "web"));
        queue.Add(new LoopKey("acme", "default", "web"));

        Assert.Equal(3, queue.Drain().Count);
    }

    [Fact]
    public async Task WaitAsync_KeyAddedWhileWaiting_ReturnsTrue()
    {
        var queue = new LoopQueue();
        var wait = queue.WaitAsync(Long, TimeProvider.System, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        queue.Add(new LoopKey("acme"));

        Assert.True(await wait.WaitAsync(Long));
    }

    [Fact]
    public async Task WaitAsync_KeyAddedBefore_ReturnsTrueAtOnce()
    {
        var queue = new LoopQueue();
        queue.Add(new LoopKey("acme"));
        queue.Add(new LoopKey("globex"));

        Assert.True(await queue.WaitAsync(Long, TimeProvider.System, CancellationToken.None).WaitAsync(Long));
    }

    [Fact]
    public async Task WaitAsync_NothingAdded_ReturnsFalseWhenTheInjectedClockPassesTheTimeout()
    {
        var queue = new LoopQueue();
        var time = new FakeTimeProvider();
        var wait = queue.WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await wait.WaitAsync(Long));
    }

    [Fact]
    public async Task WaitAsync_AfterAWakeUp_WaitsForTheNextKey()
    {
        var queue = new LoopQueue();
        queue.Add(new LoopKey("acme"));
        queue.Add(new LoopKey("acme"));
        Assert.True(await queue.WaitAsync(Long, TimeProvider.System, CancellationToken.None));
        queue.Drain();

        Assert.False(await queue.WaitAsync(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var queue = new LoopQueue();
        using var cancellation = new CancellationTokenSource();
        var wait = queue.WaitAsync(Long, TimeProvider.System, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
