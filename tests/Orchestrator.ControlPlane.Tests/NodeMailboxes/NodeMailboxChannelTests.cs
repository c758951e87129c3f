using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.NodeMailboxes;
using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.Tests.NodeMailboxes;

public sealed class NodeMailboxChannelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly NodeMailboxChannel _mailboxes;

    public NodeMailboxChannelTests() => _mailboxes = Create(_time);

    [Fact]
    public async Task ProvisionAsync_Node_GrantsTheServerKindWithTheRelativeMessagesRouteAndNoSecret()
    {
        var grant = await _mailboxes.ProvisionAsync("acme", "n1", None);

        Assert.Equal(NodeChannelKinds.Server, grant.Kind);
        Assert.Equal("agent/v1/nodes/n1/messages", grant.Address);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(24), grant.ExpiresOn);
        Assert.Equal(1, _mailboxes.Count);
    }

    [Fact]
    public async Task NudgeAsync_BurstOfNudges_IsDeliveredAsOneSayingWhatEachSaid()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.NudgeAsync(Nudge("first"), None);
        await _mailboxes.NudgeAsync(Nudge("second"), None);
        await _mailboxes.NudgeAsync(Nudge("third"), None);

        var batch = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        var entry = Assert.Single(batch.Messages);
        Assert.Equal("first, second, third", Assert.IsType<NodeNudge>(entry.Message).Reason);
        Assert.Equal(entry.Seq, batch.Seq);
    }

    [Fact]
    public async Task ReceiveAsync_MessagesOfOneNode_NumberedInIncreasingOrder()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);
        await _mailboxes.NudgeAsync(Nudge("pods changed"), None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r2"), None);

        var batch = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        Assert.Equal(3, batch.Messages.Count);
        Assert.True(batch.Messages[0].Seq < batch.Messages[1].Seq && batch.Messages[1].Seq < batch.Messages[2].Seq);
        Assert.Equal(["r1", "r2"], batch.Messages.Select(m => m.Message).OfType<LogRequest>().Select(r => r.RequestId));
    }

    [Fact]
    public async Task ReceiveAsync_NotAcknowledged_DeliversTheSameMessagesAgain()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);

        var first = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);
        var again = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        Assert.Equal(first.Messages, again.Messages);
    }

    [Fact]
    public async Task ReceiveAsync_AfterTheBatchSeq_AcknowledgesItAndDeliversOnlyNewerMessages()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);
        var first = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r2"), None);

        var next = await _mailboxes.ReceiveAsync("acme", "n1", first.Seq, Timeout, None);

        var entry = Assert.Single(next.Messages);
        Assert.Equal("r2", Assert.IsType<LogRequest>(entry.Message).RequestId);
        var acknowledged = _mailboxes.ReceiveAsync("acme", "n1", next.Seq, Timeout, None);
        Assert.False(acknowledged.IsCompleted, "everything was acknowledged: the poll waits");
    }

    [Fact]
    public async Task ReceiveAsync_NothingPending_WaitsAndIsAnsweredByTheNextMessage()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);
        Assert.False(waiting.IsCompleted);

        await _mailboxes.NudgeAsync(Nudge("pods changed"), None);

        var batch = await waiting.WaitAsync(Soon);
        Assert.Equal("pods changed", Assert.IsType<NodeNudge>(Assert.Single(batch.Messages).Message).Reason);
    }

    [Fact]
    public async Task ReceiveAsync_NothingUntilTheTimeout_AnswersEmptyWithASeqThatLosesNoLaterMessage()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        _time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var empty = await waiting.WaitAsync(Soon);
        await _mailboxes.NudgeAsync(Nudge("later"), None);

        Assert.Empty(empty.Messages);
        var later = await _mailboxes.ReceiveAsync("acme", "n1", empty.Seq, Timeout, None);
        Assert.Equal("later", Assert.IsType<NodeNudge>(Assert.Single(later.Messages).Message).Reason);
    }

    [Fact]
    public async Task NudgeAsync_OtherNodeOrTenant_DoesNotAnswerTheWaitingPoll()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.ProvisionAsync("acme", "n2", None);
        await _mailboxes.ProvisionAsync("other", "n1", None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        await _mailboxes.NudgeAsync(new NodeNudge("acme", "n2", "pods changed", _time.GetUtcNow()), None);
        await _mailboxes.NudgeAsync(new NodeNudge("other", "n1", "pods changed", _time.GetUtcNow()), None);

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task SendLogRequestAsync_NodeWithoutMailbox_IsDroppedAndOpensNothing()
    {
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);
        await _mailboxes.NudgeAsync(Nudge("pods changed"), None);

        Assert.Equal(0, _mailboxes.Count);
    }

    [Fact]
    public async Task ReceiveAsync_LogRequestPastItsExpiry_IsNotDelivered()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1", TimeSpan.FromMinutes(1)), None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r2", TimeSpan.FromMinutes(5)), None);

        _time.Advance(TimeSpan.FromMinutes(1));
        var batch = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        Assert.Equal("r2", Assert.IsType<LogRequest>(Assert.Single(batch.Messages).Message).RequestId);
    }

    [Fact]
    public async Task SendLogRequestAsync_AlreadyExpired_IsDropped()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1", TimeSpan.Zero), None);

        var waiting = _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task SendLogRequestAsync_BeyondTheCap_DropsTheOldestLogRequestsAndKeepsTheNudge()
    {
        var mailboxes = Create(_time, maxPending: 3);
        await mailboxes.ProvisionAsync("acme", "n1", None);
        await mailboxes.NudgeAsync(Nudge("pods changed"), None);
        foreach (var id in new[] { "r1", "r2", "r3", "r4" })
        {
            await mailboxes.SendLogRequestAsync(LogRequest(id), None);
        }

        var batch = await mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        Assert.Equal(3, batch.Messages.Count);
        Assert.Single(batch.Messages, m => m.Message is NodeNudge);
        Assert.Equal(["r3", "r4"], batch.Messages.Select(m => m.Message).OfType<LogRequest>().Select(r => r.RequestId));
    }

    [Fact]
    public async Task DeleteAsync_Node_ForgetsItsMailboxAndAnswersItsWaitingPoll()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);
        var first = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", first.Seq, Timeout, None);

        await _mailboxes.DeleteAsync("acme", "n1", None);

        Assert.Empty((await waiting.WaitAsync(Soon)).Messages);
        Assert.Equal(0, _mailboxes.Count);
        await _mailboxes.NudgeAsync(Nudge("pods changed"), None);
        Assert.Equal(0, _mailboxes.Count);
    }

    [Fact]
    public async Task Close_HostStopping_AnswersWaitingPollsAndLaterOnesAtOnce()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        _mailboxes.Close();

        Assert.Empty((await waiting.WaitAsync(Soon)).Messages);
        var later = _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);
        Assert.True(later.IsCompleted);
    }

    [Fact]
    public async Task ReceiveAsync_ServerRestarted_NumbersAboveTheAgentsOldSeqAndDeliversNewMessages()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);
        var before = await _mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        _time.Advance(TimeSpan.FromMinutes(1));
        var restarted = Create(_time);
        var reopened = await restarted.ReceiveAsync("acme", "n1", before.Seq, Timeout, None);
        await restarted.SendLogRequestAsync(LogRequest("r2"), None);
        var next = await restarted.ReceiveAsync("acme", "n1", reopened.Seq, Timeout, None);

        Assert.Equal(NodeMailboxChannel.ReopenedReason, Assert.IsType<NodeNudge>(Assert.Single(reopened.Messages).Message).Reason);
        Assert.True(reopened.Messages[0].Seq > before.Seq);
        Assert.Equal("r2", Assert.IsType<LogRequest>(Assert.Single(next.Messages).Message).RequestId);
    }

    [Fact]
    public async Task ReceiveAsync_AgentAheadOfTheServer_DeliversEverythingPendingAndResetsTheAgent()
    {
        // A restarted server whose clock went back: the agent's last seq is beyond anything it handed out.
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r1"), None);
        var aheadOfServer = long.MaxValue / 2;

        var batch = await _mailboxes.ReceiveAsync("acme", "n1", aheadOfServer, Timeout, None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", batch.Seq, Timeout, None);
        await _mailboxes.SendLogRequestAsync(LogRequest("r2"), None);

        Assert.Equal("r1", Assert.IsType<LogRequest>(Assert.Single(batch.Messages).Message).RequestId);
        Assert.True(batch.Seq < aheadOfServer);
        Assert.Equal("r2", Assert.IsType<LogRequest>(Assert.Single((await waiting.WaitAsync(Soon)).Messages).Message).RequestId);
    }

    [Fact]
    public async Task ReceiveAsync_AgentAheadAndNothingPending_WaitsAndDeliversTheNextMessage()
    {
        await _mailboxes.ProvisionAsync("acme", "n1", None);
        var waiting = _mailboxes.ReceiveAsync("acme", "n1", long.MaxValue / 2, Timeout, None);
        Assert.False(waiting.IsCompleted);

        await _mailboxes.NudgeAsync(Nudge("pods changed"), None);

        Assert.Equal("pods changed", Assert.IsType<NodeNudge>(Assert.Single((await waiting.WaitAsync(Soon)).Messages).Message).Reason);
    }

    [Fact]
    public async Task AddNodeMailboxChannel_HostStopping_ClosesTheMailboxes()
    {
        using var lifetime = new StoppingLifetime();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<IHostApplicationLifetime>(lifetime)
            .AddNodeMailboxChannel();
        await using var provider = services.BuildServiceProvider();
        var channel = provider.GetRequiredService<INodeChannel>();
        var mailboxes = Assert.IsType<NodeMailboxChannel>(channel);
        Assert.Same(mailboxes, provider.GetRequiredService<NodeMailboxChannel>());
        await channel.ProvisionAsync("acme", "n1", None);
        var waiting = mailboxes.ReceiveAsync("acme", "n1", 0, Timeout, None);

        await lifetime.StopAsync();

        Assert.Empty((await waiting.WaitAsync(Soon)).Messages);
    }

    [Fact]
    public void AddNodeMailboxChannel_InvalidOptions_FailsValidation()
    {
        var services = new ServiceCollection().AddLogging().AddNodeMailboxChannel(o => o.MaxPendingMessages = 1);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NodeMailboxOptions>>().Value);
        Assert.Contains(nameof(NodeMailboxOptions.MaxPendingMessages), error.Message, StringComparison.Ordinal);
    }

    private static NodeMailboxChannel Create(TimeProvider time, int maxPending = 100) => new(
        Options.Create(new NodeMailboxOptions { MaxPendingMessages = maxPending }),
        time,
        NullLogger<NodeMailboxChannel>.Instance);

    private NodeNudge Nudge(string reason) => new("acme", "n1", reason, _time.GetUtcNow());

    private LogRequest LogRequest(string requestId, TimeSpan? lifetime = null) => new(
        "acme", "n1", requestId, "default", "web", "uid-1", "app", null, null, false, false,
        $"agent/v1/nodes/n1/logs/{requestId}", _time.GetUtcNow() + (lifetime ?? TimeSpan.FromMinutes(5)));

    private sealed class StoppingLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public Task StopAsync() => _stopping.CancelAsync();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
