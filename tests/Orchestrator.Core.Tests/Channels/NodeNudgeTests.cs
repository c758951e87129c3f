using Orchestrator.Core.Channels;

namespace Orchestrator.Core.Tests.Channels;

public sealed class NodeNudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(NodeNudge.PodsChanged, true, false)]
    [InlineData(NodeNudge.ServicesChanged, false, true)]
    [InlineData("pods changed, services changed", true, true)]
    [InlineData("something newer", true, true)]
    public void Concerns_Reason_TellsWhichFetchesItNeeds(string reason, bool pods, bool services)
    {
        var nudge = new NodeNudge("acme", "n1", reason, Now);

        Assert.Equal(pods, nudge.ConcernsPods);
        Assert.Equal(services, nudge.ConcernsServices);
    }

    [Fact]
    public void MergedWith_TwoReasons_SaysBothOnceAtTheNewerTime()
    {
        var older = new NodeNudge("acme", "n1", NodeNudge.PodsChanged, Now);
        var newer = new NodeNudge("acme", "n1", NodeNudge.ServicesChanged, Now.AddSeconds(1));

        var merged = older.MergedWith(newer).MergedWith(new NodeNudge("acme", "n1", NodeNudge.PodsChanged, Now.AddSeconds(2)));

        Assert.Equal("pods changed, services changed", merged.Reason);
        Assert.Equal(Now.AddSeconds(2), merged.SentAt);
        Assert.True(merged.ConcernsPods && merged.ConcernsServices);
    }

    [Fact]
    public void Serialize_Nudge_CarriesNoComputedFields()
    {
        var json = NodeMessageCodec.Serialize(new NodeNudge("acme", "n1", NodeNudge.PodsChanged, Now));

        Assert.DoesNotContain("concerns", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(NodeNudge.PodsChanged, Assert.IsType<NodeNudge>(NodeMessageCodec.Deserialize(System.Text.Encoding.UTF8.GetBytes(json))).Reason);
    }
}
