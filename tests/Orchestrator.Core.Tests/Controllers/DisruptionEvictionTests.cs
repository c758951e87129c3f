using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.DisruptionFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class DisruptionEvictionTests
{
    private static PodDisruptionBudget Observed(int allowed, int current = 3, int desired = 2, string? policy = null)
    {
        var budget = Budget(IntOrString.FromInt(desired), status: new PodDisruptionBudgetStatus
        {
            ObservedGeneration = 1,
            DisruptionsAllowed = allowed,
            CurrentHealthy = current,
            DesiredHealthy = desired,
            ExpectedPods = 3,
        });
        budget.Spec!.UnhealthyPodEvictionPolicy = policy;
        return budget;
    }

    [Fact]
    public void Decide_DisruptionAllowed_SpendsOneAndRecordsThePod()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 2, current: 4), Pod("web-1-a"), Now);

        Assert.Equal(DisruptionVerdict.AllowedWithBudgetSpent, decision.Verdict);
        Assert.Equal(1, decision.Status!.DisruptionsAllowed);
        Assert.Equal(Now, decision.Status.DisruptedPods!["web-1-a"]);
        Assert.Null(decision.Status.Conditions);
    }

    [Fact]
    public void Decide_LastDisruptionSpent_TurnsTheConditionFalse()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 1), Pod("web-1-a"), Now);

        Assert.Equal(0, decision.Status!.DisruptionsAllowed);
        var condition = Assert.Single(decision.Status.Conditions!);
        Assert.Equal(("DisruptionAllowed", "False", "InsufficientPods"), (condition.Type, condition.Status, condition.Reason));
    }

    [Fact]
    public void Decide_NoDisruptionAllowed_TooManyRequestsNamingTheBudget()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 0, current: 2), Pod("web-1-a"), Now);

        Assert.Equal(DisruptionVerdict.TooManyRequests, decision.Verdict);
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", decision.Message);
        Assert.Equal("The disruption budget web-pdb needs 2 healthy pods and has 2 currently", decision.Cause);
        Assert.Null(decision.Status);
    }

    [Fact]
    public void Decide_BudgetNotObservedYet_TooManyRequestsWithRetryAfter()
    {
        var budget = Observed(allowed: 1);
        budget.Metadata.Generation = 2;

        var decision = DisruptionEviction.Decide(budget, Pod("web-1-a"), Now);

        Assert.Equal(DisruptionVerdict.TooManyRequests, decision.Verdict);
        Assert.Equal("The disruption budget web-pdb is still being processed by the server.", decision.Cause);
        Assert.Equal(10, decision.RetryAfterSeconds);
    }

    [Fact]
    public void Decide_UnreadyPodWithTheBudgetMet_AllowedWithoutSpending()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 0, current: 2, desired: 2), Pod("web-1-a", ready: false), Now);

        Assert.Equal(DisruptionVerdict.Allowed, decision.Verdict);
        Assert.Null(decision.Status);
    }

    [Fact]
    public void Decide_UnreadyPodWithTheBudgetNotMet_TooManyRequests()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 0, current: 1, desired: 2), Pod("web-1-a", ready: false), Now);

        Assert.Equal(DisruptionVerdict.TooManyRequests, decision.Verdict);
    }

    [Fact]
    public void Decide_UnreadyPodUnderAlwaysAllow_AllowedWithoutSpending()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 0, current: 1, desired: 2, policy: "AlwaysAllow"), Pod("web-1-a", ready: false), Now);

        Assert.Equal(DisruptionVerdict.Allowed, decision.Verdict);
    }

    [Fact]
    public void Decide_ReadyPodUnderAlwaysAllow_StillNeedsTheBudget()
    {
        var decision = DisruptionEviction.Decide(Observed(allowed: 0, current: 2, desired: 2, policy: "AlwaysAllow"), Pod("web-1-a"), Now);

        Assert.Equal(DisruptionVerdict.TooManyRequests, decision.Verdict);
    }

    [Theory]
    [InlineData("Pending", false, true)]
    [InlineData("Succeeded", false, true)]
    [InlineData("Failed", false, true)]
    [InlineData("Running", true, true)]
    [InlineData("Running", false, false)]
    public void CanIgnoreBudget_PodState_AsKubernetes(string phase, bool terminating, bool expected)
    {
        var pod = Pod("web-1-a", terminating: terminating);
        pod.Status!.Phase = phase;

        Assert.Equal(expected, DisruptionEviction.CanIgnoreBudget(pod));
    }

    [Fact]
    public void Covering_SelectorsOfTheNamespace_OnlyMatchingBudgetsAndNeverANullSelector()
    {
        var matching = Budget(IntOrString.FromInt(1));
        var other = Budget(IntOrString.FromInt(1));
        other.Spec!.Selector = new LabelSelector { MatchLabels = new() { ["app"] = "db" } };
        var none = Budget(IntOrString.FromInt(1));
        none.Spec!.Selector = null;

        var covering = DisruptionEviction.Covering(Pod("web-1-a"), [matching, other, none], b => b);

        Assert.Same(matching, Assert.Single(covering));
    }
}
