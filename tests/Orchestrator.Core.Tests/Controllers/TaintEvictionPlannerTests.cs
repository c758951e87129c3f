using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class TaintEvictionPlannerTests
{
    private const string Unreachable = "node.kubernetes.io/unreachable";

    private readonly FakeTimeProvider _time = new(Now);

    private static Node Node(params Taint[] taints) => new()
    {
        Metadata = new ObjectMeta { Name = "node-a" },
        Spec = new NodeSpec { Taints = [.. taints] },
    };

    private static Taint Taint(string key = Unreachable, string effect = "NoExecute", DateTimeOffset? added = null, string? value = null) =>
        new() { Key = key, Effect = effect, Value = value, TimeAdded = added ?? Now };

    private static Toleration Tolerate(string? key = Unreachable, long? seconds = null, string op = "Exists", string? effect = "NoExecute", string? value = null) =>
        new() { Key = key, Operator = op, Effect = effect, Value = value, TolerationSeconds = seconds };

    private static Pod Pod(string name, params Toleration[] tolerations) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop", Uid = name + "-uid" },
        Spec = new PodSpec { NodeName = "node-a", Tolerations = [.. tolerations] },
    };

    public static TheoryData<string, Toleration[], int?> Cases => new()
    {
        // Case, the pod's tolerations, seconds after the taint was added when the pod is evicted (null: never).
        { "no toleration", [], 0 },
        { "tolerates another key only", [Tolerate("node.kubernetes.io/not-ready", 300)], 0 },
        { "tolerates NoSchedule only", [Tolerate(effect: "NoSchedule")], 0 },
        { "default 300 s", [Tolerate(seconds: 300)], 300 },
        { "small seconds", [Tolerate(seconds: 5)], 5 },
        { "zero seconds", [Tolerate(seconds: 0)], 0 },
        { "negative seconds", [Tolerate(seconds: -10)], 0 },
        { "forever", [Tolerate()], null },
        { "forever and 60 s: the smallest seconds win", [Tolerate(), Tolerate(seconds: 60)], 60 },
        { "two with seconds", [Tolerate(seconds: 120), Tolerate(seconds: 30)], 30 },
        { "empty key Exists tolerates every taint", [Tolerate(key: null)], null },
        { "empty effect tolerates every effect", [Tolerate(effect: null, seconds: 10)], 10 },
        { "Equal with the wrong value", [Tolerate(op: "Equal", value: "x", seconds: 10)], 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_PodOnAnUnreachableNode_IsEvictedWhenItsTolerationRunsOut(string @case, Toleration[] tolerations, int? evictedAfterSeconds)
    {
        var node = Node(Taint());
        var pod = Pod("web-1", tolerations);

        var evictedAt = (int?)null;
        for (var second = 0; second <= 400 && evictedAt is null; second++)
        {
            if (TaintEvictionPlanner.Plan(node, [pod], _time.GetUtcNow()).Evict.Count > 0)
            {
                evictedAt = second;
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(evictedAfterSeconds == evictedAt, $"{@case}: expected {evictedAfterSeconds?.ToString() ?? "never"}, got {evictedAt?.ToString() ?? "never"}");
    }

    [Fact]
    public void Plan_TaintAddedEarlier_CountsFromItsTimeAdded()
    {
        var node = Node(Taint(added: Now.AddSeconds(-290)));
        var pod = Pod("web-1", Tolerate(seconds: 300));

        var before = TaintEvictionPlanner.Plan(node, [pod], _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(10));
        var after = TaintEvictionPlanner.Plan(node, [pod], _time.GetUtcNow());

        Assert.Empty(before.Evict);
        Assert.Equal(Now.AddSeconds(10), before.NextEviction);
        Assert.Equal(["web-1"], after.Evict.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Plan_TwoTaints_TheFirstToRunOutDecides()
    {
        var node = Node(Taint(added: Now), Taint("maintenance", added: Now.AddSeconds(-50)));
        var pod = Pod("web-1", Tolerate(seconds: 300), Tolerate("maintenance", seconds: 60));

        var plan = TaintEvictionPlanner.Plan(node, [pod], _time.GetUtcNow());

        Assert.Empty(plan.Evict);
        Assert.Equal(Now.AddSeconds(10), plan.NextEviction);
    }

    [Fact]
    public void Plan_OneTaintUntolerated_EvictsAtOnceWhateverTheOthers()
    {
        var node = Node(Taint(), Taint("maintenance"));

        var plan = TaintEvictionPlanner.Plan(node, [Pod("web-1", Tolerate())], Now);

        Assert.Single(plan.Evict);
    }

    [Theory]
    [InlineData("NoSchedule")]
    [InlineData("PreferNoSchedule")]
    public void Plan_OnlyTaintsThatDoNotExecute_EvictsNothing(string effect)
    {
        var plan = TaintEvictionPlanner.Plan(Node(Taint(effect: effect)), [Pod("web-1")], Now.AddDays(1));

        Assert.Empty(plan.Evict);
        Assert.Null(plan.NextEviction);
    }

    [Fact]
    public void Plan_TerminatingPodOrPodOfAnotherNode_IsLeftAlone()
    {
        var terminating = Pod("web-1");
        terminating.Metadata.DeletionTimestamp = Now;
        var elsewhere = Pod("web-2");
        elsewhere.Spec!.NodeName = "node-b";

        var plan = TaintEvictionPlanner.Plan(Node(Taint()), [terminating, elsewhere, Pod("web-3")], Now);

        Assert.Equal(["web-3"], plan.Evict.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Plan_SeveralPods_GivesTheEarliestLaterEviction()
    {
        var node = Node(Taint());
        Pod[] pods = [Pod("a", Tolerate(seconds: 300)), Pod("b", Tolerate(seconds: 20)), Pod("c", Tolerate()), Pod("d")];

        var plan = TaintEvictionPlanner.Plan(node, pods, _time.GetUtcNow());

        Assert.Equal(["d"], plan.Evict.Select(p => p.Metadata.Name));
        Assert.Equal(Now.AddSeconds(20), plan.NextEviction);
    }
}
