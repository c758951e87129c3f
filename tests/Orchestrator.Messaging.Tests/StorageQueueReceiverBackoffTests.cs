using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Channels;
using Orchestrator.Testing;

namespace Orchestrator.Messaging.Tests;

/// <summary>
/// The idle storage-queue receiver backs off (1, 2, 4 ... 60 s with the defaults) and a message resets it: docs/adr/0015.
/// Against Azurite, time on a fake clock.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageQueueReceiverBackoffTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _tenant = "t-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TimerRecordingTimeProvider _time = new();

    [Fact]
    public async Task ReceiveAsync_EmptyQueueRepeatedly_WaitsDoublingFromPollIntervalUpToMaxPollInterval()
    {
        var (_, receiver) = await ProvisionAsync(new NodeChannelOptions());

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            waits.Add(await ReceiveEmptyAsync(receiver));
        }

        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32, 60, 60 }.Select(s => TimeSpan.FromSeconds(s)), waits);
    }

    [Fact]
    public async Task ReceiveAsync_MessageAfterBackoff_ReturnsItAndResetsTheWaitToPollInterval()
    {
        var (channel, receiver) = await ProvisionAsync(new NodeChannelOptions());
        for (var i = 0; i < 4; i++)
        {
            await ReceiveEmptyAsync(receiver);
        }

        await channel.NudgeAsync(new NodeNudge(_tenant, "node-a", "pods changed", DateTimeOffset.UnixEpoch), CancellationToken.None);
        var received = await receiver.ReceiveAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Single(received);
        Assert.Equal(TimeSpan.FromSeconds(1), await ReceiveEmptyAsync(receiver));
        Assert.Equal(TimeSpan.FromSeconds(2), await ReceiveEmptyAsync(receiver));
    }

    /// <summary>Receives from the empty queue; returns the wait the receiver started, after letting it pass.</summary>
    private async Task<TimeSpan> ReceiveEmptyAsync(INodeChannelReceiver receiver)
    {
        var receive = receiver.ReceiveAsync(CancellationToken.None);
        var wait = await _time.NextTimerAsync().WaitAsync(Patience);
        Assert.False(receive.IsCompleted);
        _time.Advance(wait);
        Assert.Empty(await receive.WaitAsync(Patience));
        return wait;
    }

    private async Task<(StorageQueueNodeChannel Channel, INodeChannelReceiver Receiver)> ProvisionAsync(NodeChannelOptions options)
    {
        var channel = new StorageQueueNodeChannel(
            azurite.ConnectionString,
            Microsoft.Extensions.Options.Options.Create(options),
            TimeProvider.System,
            NullLogger<StorageQueueNodeChannel>.Instance);
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var receiver = NodeChannelReceivers.Create(grant, options, new Orchestrator.Messaging.ServiceBus.ServiceBusNodeChannelOptions(), _time, NullLogger.Instance);
        return (channel, receiver);
    }

    /// <summary>A fake clock that reports the due time of every timer created on it (each receiver wait makes one).</summary>
    private sealed class TimerRecordingTimeProvider : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

        public TimerRecordingTimeProvider()
            : base(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
        {
        }

        public Task<TimeSpan> NextTimerAsync() => _timers.Reader.ReadAsync().AsTask();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timers.Writer.TryWrite(dueTime);
            return timer;
        }
    }
}
