using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Doorbell;
using Orchestrator.Core.Channels;
using Orchestrator.Testing.Fakes;

namespace Orchestrator.ControlPlane.Tests.Doorbell;

public sealed class NodeDoorbellTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly NodeDoorbell _doorbell;

    public NodeDoorbellTests() => _doorbell = new NodeDoorbell(_time);

    [Fact]
    public async Task WaitAsync_RungSinceTheGenerationSeen_ReturnsAtOnceWithTheNewGeneration()
    {
        var first = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        _doorbell.Ring("acme", "n1");

        var next = await _doorbell.WaitAsync("acme", "n1", first, Timeout, CancellationToken.None);

        Assert.Equal(0, first);
        Assert.Equal(first + 1, next);
    }

    [Fact]
    public async Task WaitAsync_RingWhileWaiting_CompletesWithTheNewGeneration()
    {
        var seen = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        var wait = _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        _doorbell.Ring("acme", "n1");

        Assert.Equal(seen + 1, await wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitAsync_NoRingUntilTheTimeout_ReturnsTheSameGeneration()
    {
        var seen = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        var wait = _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        _time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(seen, await wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ring_OtherNodeOrTenant_DoesNotAnswerTheWaiter()
    {
        var seen = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        await _doorbell.WaitAsync("acme", "n2", -1, Timeout, CancellationToken.None);
        await _doorbell.WaitAsync("other", "n1", -1, Timeout, CancellationToken.None);
        var wait = _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        _doorbell.Ring("acme", "n2");
        _doorbell.Ring("other", "n1");
        await Task.Delay(50);

        Assert.False(wait.IsCompleted);
        _time.Advance(Timeout);
        Assert.Equal(seen, await wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitAsync_Canceled_ThrowsAndALaterRingStillAnswersOthers()
    {
        var seen = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var canceled = _doorbell.WaitAsync("acme", "n1", seen, Timeout, cancel.Token);
        var other = _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        await cancel.CancelAsync();
        _doorbell.Ring("acme", "n1");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(seen + 1, await other.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Ring_NodeNobodyWaitedOn_KeepsNoEntry()
    {
        for (var i = 0; i < 1000; i++)
        {
            _doorbell.Ring("acme", "ghost-" + i);
        }

        Assert.Equal(0, _doorbell.Count);
    }

    [Fact]
    public async Task Forget_DeletedNode_DropsItsEntryAndAnswersItsWaiter()
    {
        var seen = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        var wait = _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        _doorbell.Forget("acme", "n1");

        Assert.NotEqual(seen, await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, _doorbell.Count);
    }

    [Fact]
    public async Task Close_HostStopping_AnswersWaitersAndLaterWaitsAtOnceWithTheirGeneration()
    {
        var seen = await _doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        var wait = _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        _doorbell.Close();

        Assert.Equal(seen, await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(seen, await _doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AddNodeDoorbell_NudgeThroughTheChannel_SendsThenRingsTheNode()
    {
        var inner = new RecordingNodeChannel();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<INodeChannel>(inner)
            .AddNodeDoorbell()
            .BuildServiceProvider();
        var channel = services.GetRequiredService<INodeChannel>();
        var doorbell = services.GetRequiredService<NodeDoorbell>();
        var seen = await doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        var wait = doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        await channel.NudgeAsync(new NodeNudge("acme", "n1", "pods changed", _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(seen + 1, await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Single(inner.Nudges);
    }

    [Fact]
    public async Task AddNodeDoorbell_NudgeFails_DoesNotRing()
    {
        var inner = new RecordingNodeChannel { NudgeFailure = new InvalidOperationException("queue down") };
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<INodeChannel>(inner)
            .AddNodeDoorbell()
            .BuildServiceProvider();
        var doorbell = services.GetRequiredService<NodeDoorbell>();
        var seen = await doorbell.WaitAsync("acme", "n1", -1, Timeout, CancellationToken.None);
        var wait = doorbell.WaitAsync("acme", "n1", seen, Timeout, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<INodeChannel>()
            .NudgeAsync(new NodeNudge("acme", "n1", "pods changed", _time.GetUtcNow()), CancellationToken.None));

        Assert.False(wait.IsCompleted);
    }
}
