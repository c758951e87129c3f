using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>The taints and pod readiness the node-lifecycle controller keeps in line with a node's Ready condition.</summary>
public sealed class NodeLifecycleTaintTests
{
    private const string Unreachable = "node.kubernetes.io/unreachable";
    private const string NotReady = "node.kubernetes.io/not-ready";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    private readonly FakeTimeProvider _time = new(Now);

    private static Node Node(string? ready, params Taint[] taints) => new()
    {
        Metadata = new ObjectMeta { Name = "node-a", CreationTimestamp = Now.AddHours(-1) },
        Spec = taints.Length == 0 ? null : new NodeSpec { Taints = [.. taints] },
        Status = new NodeStatus
        {
            Conditions = ready is null ? null : [new NodeCondition { Type = "Ready", Status = ready, LastTransitionTime = Now.AddHours(-1) }],
        },
    };

    private static Taint Taint(string key, string effect, DateTimeOffset? added = null, string? value = null) =>
        new() { Key = key, Effect = effect, TimeAdded = added, Value = value };

    private static string[] Describe(List<Taint>? taints) => [.. (taints ?? []).Select(t => $"{t.Key}:{t.Effect}")];

    public static TheoryData<string, string[], string[]> TaintsByReady => new()
    {
        // Ready status, current taints (key:effect), expected taints.
        { "Unknown", [], [$"{Unreachable}:NoSchedule", $"{Unreachable}:NoExecute"] },
        { "False", [], [$"{NotReady}:NoSchedule", $"{NotReady}:NoExecute"] },
        { "False", [$"{Unreachable}:NoSchedule", $"{Unreachable}:NoExecute"], [$"{NotReady}:NoSchedule", $"{NotReady}:NoExecute"] },
        { "Unknown", [$"{NotReady}:NoSchedule", $"{NotReady}:NoExecute"], [$"{Unreachable}:NoSchedule", $"{Unreachable}:NoExecute"] },
        { "True", [$"{Unreachable}:NoSchedule", $"{Unreachable}:NoExecute"], [] },
        { "True", [$"{NotReady}:NoExecute", "dedicated:NoSchedule"], ["dedicated:NoSchedule"] },
        { "Unknown", ["dedicated:NoSchedule"], ["dedicated:NoSchedule", $"{Unreachable}:NoSchedule", $"{Unreachable}:NoExecute"] },
        { "Unknown", [$"{Unreachable}:NoExecute"], [$"{Unreachable}:NoExecute", $"{Unreachable}:NoSchedule"] },
    };

    [Theory]
    [MemberData(nameof(TaintsByReady))]
    public void Taints_ReadyStatus_AddsAndRemovesTheManagedTaintsOnly(string ready, string[] current, string[] expected)
    {
        var node = Node(ready, [.. current.Select(t => Taint(t.Split(':')[0], t.Split(':')[1], Now.AddMinutes(-1)))]);

        var taints = NodeLifecycleReconciler.Taints(node, ready, _time.GetUtcNow());

        Assert.NotNull(taints);
        Assert.Equal(expected, Describe(taints));
    }

    [Theory]
    [InlineData("True")]
    [InlineData("Unknown")]
    [InlineData("False")]
    public void Taints_AlreadyInLine_ChangesNothing(string ready)
    {
        var node = Node(ready, ready switch
        {
            "Unknown" => [Taint(Unreachable, "NoSchedule", Now), Taint(Unreachable, "NoExecute", Now)],
            "False" => [Taint(NotReady, "NoSchedule", Now), Taint(NotReady, "NoExecute", Now)],
            _ => [Taint("dedicated", "NoSchedule", value: "gpu")],
        });

        Assert.Null(NodeLifecycleReconciler.Taints(node, ready, Now));
    }

    [Fact]
    public void Taints_NodeThatNeverReported_IsLeftAlone()
    {
        Assert.Null(NodeLifecycleReconciler.Taints(Node(null, Taint(Unreachable, "NoExecute", Now)), null, Now));
    }

    [Fact]
    public void Taints_NewTaints_CarryTheTimeTheyWereAdded()
    {
        _time.Advance(TimeSpan.FromSeconds(7));

        var taints = NodeLifecycleReconciler.Taints(Node("Unknown"), "Unknown", _time.GetUtcNow());

        Assert.All(taints!, t => Assert.Equal(Now.AddSeconds(7), t.TimeAdded));
    }

    [Fact]
    public void Taints_TaintThatStays_KeepsItsTimeAdded()
    {
        var node = Node("Unknown", Taint(Unreachable, "NoExecute", Now.AddMinutes(-3)));
        _time.Advance(TimeSpan.FromMinutes(1));

        var taints = NodeLifecycleReconciler.Taints(node, "Unknown", _time.GetUtcNow());

        Assert.Equal(Now.AddMinutes(-3), taints!.Single(t => t.Effect == "NoExecute").TimeAdded);
        Assert.Equal(Now.AddMinutes(1), taints!.Single(t => t.Effect == "NoSchedule").TimeAdded);
    }

    [Fact]
    public void Taints_UsersNoExecuteTaintWithoutTime_IsStampedSoItsTolerationsCanRunOut()
    {
        var node = Node("True", Taint("maintenance", "NoExecute", value: "now"));

        var taints = NodeLifecycleReconciler.Taints(node, "True", Now);

        var taint = Assert.Single(taints!);
        Assert.Equal(("maintenance", "now", "NoExecute", (DateTimeOffset?)Now), (taint.Key, taint.Value, taint.Effect, taint.TimeAdded));
    }

    [Fact]
    public void Plan_LeaseExpiresOnAReadyNode_MarksUnknownTaintsUnreachableAndReportsTheTransition()
    {
        var node = Node("True");
        var renewed = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(41));

        var actions = NodeLifecycleReconciler.Plan(node, renewed, _time.GetUtcNow(), Grace);

        Assert.Equal("Unknown", actions.Ready?.Status);
        Assert.Equal([$"{Unreachable}:NoSchedule", $"{Unreachable}:NoExecute"], Describe(actions.Taints));
        Assert.False(actions.IsReady);
        Assert.True(actions.TurnedNotReady);
        Assert.True(actions.ChangesNode);
    }

    [Fact]
    public void Plan_UnknownAndTaintedAlready_ChangesNothingAndReportsNoNewTransition()
    {
        var node = Node("Unknown", Taint(Unreachable, "NoSchedule", Now), Taint(Unreachable, "NoExecute", Now));
        _time.Advance(TimeSpan.FromMinutes(5));

        var actions = NodeLifecycleReconciler.Plan(node, Now.AddMinutes(-1), _time.GetUtcNow(), Grace);

        Assert.False(actions.ChangesNode);
        Assert.False(actions.TurnedNotReady);
        Assert.False(actions.IsReady);
    }

    [Fact]
    public void Plan_NodeReportsReadyAgainWithAFreshLease_RemovesTheTaintsAndKeepsTheUsersOwn()
    {
        var node = Node("True", Taint("dedicated", "NoSchedule", value: "gpu"), Taint(Unreachable, "NoSchedule", Now), Taint(Unreachable, "NoExecute", Now));
        _time.Advance(TimeSpan.FromMinutes(2));

        var actions = NodeLifecycleReconciler.Plan(node, _time.GetUtcNow(), _time.GetUtcNow(), Grace);

        Assert.Null(actions.Ready);
        Assert.Equal(["dedicated:NoSchedule"], Describe(actions.Taints));
        Assert.Equal("gpu", actions.Taints![0].Value);
        Assert.True(actions.IsReady);
        Assert.False(actions.TurnedNotReady);
    }

    [Fact]
    public void Plan_AgentReportsReadyFalse_TaintsNotReadyWhileTheLeaseIsFresh()
    {
        var actions = NodeLifecycleReconciler.Plan(Node("False"), Now, Now, Grace);

        Assert.Null(actions.Ready);
        Assert.Equal([$"{NotReady}:NoSchedule", $"{NotReady}:NoExecute"], Describe(actions.Taints));
        Assert.True(actions.TurnedNotReady);
    }

    public static TheoryData<string?, bool> PodReadiness => new()
    {
        { "True", true },
        { "Unknown", true },
        { "False", false },
        { null, false },
    };

    [Theory]
    [MemberData(nameof(PodReadiness))]
    public void PodNotReady_PodReadyStatus_FlipsAnythingButFalseToFalse(string? ready, bool changes)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "web-1", Namespace = "shop" },
            Status = new PodStatus
            {
                Conditions = ready is null ? [] : [new PodCondition { Type = "Ready", Status = ready, LastTransitionTime = Now.AddHours(-1) }],
            },
        };
        _time.Advance(TimeSpan.FromSeconds(3));

        var condition = NodeLifecycleReconciler.PodNotReady(pod, _time.GetUtcNow());

        Assert.Equal(changes, condition is not null);
        if (condition is not null)
        {
            Assert.Equal(("Ready", "False", (DateTimeOffset?)Now.AddSeconds(3)), (condition.Type, condition.Status, condition.LastTransitionTime));
        }
    }
}
