using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.DisruptionFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class DisruptionReconcilerTests
{
    private static PodDisruptionBudgetStatus Status(PodDisruptionBudget budget, List<Pod> pods, int replicas) =>
        DisruptionReconciler.Reconcile(budget, pods, [ReplicaSet("web-1", replicas)], [Deployment(replicas)], Now).Status
        ?? throw new Xunit.Sdk.XunitException("expected a status");

    [Theory]
    // minAvailable as a number: the selected pods are the expected ones.
    [InlineData("2", null, 3, 3, 0, 3, 2, 1)]
    [InlineData("3", null, 3, 3, 0, 3, 3, 0)]
    [InlineData("2", null, 3, 2, 1, 3, 2, 0)]
    [InlineData("0", null, 2, 2, 0, 2, 0, 2)]
    // Percentages scale against the controller's replicas, rounded up.
    [InlineData("50%", null, 3, 3, 0, 3, 2, 1)]
    [InlineData("50%", null, 5, 5, 0, 5, 3, 2)]
    [InlineData("100%", null, 4, 4, 0, 4, 4, 0)]
    [InlineData("1%", null, 10, 10, 0, 10, 1, 9)]
    [InlineData("50%", null, 4, 2, 0, 4, 2, 0)]
    // maxUnavailable: desired = replicas - ceil(max), never below 0.
    [InlineData(null, "1", 3, 3, 0, 3, 2, 1)]
    [InlineData(null, "25%", 3, 3, 0, 3, 2, 1)]
    [InlineData(null, "25%", 10, 10, 0, 10, 7, 3)]
    [InlineData(null, "0%", 3, 3, 0, 3, 3, 0)]
    [InlineData(null, "0", 3, 3, 0, 3, 3, 0)]
    [InlineData(null, "5", 3, 3, 0, 3, 0, 3)]
    [InlineData(null, "1", 3, 2, 1, 3, 2, 0)]
    [InlineData(null, "100%", 2, 2, 0, 2, 0, 2)]
    // Neither set: nothing is desired, yet Kubernetes allows no disruption (expected pods stay 0).
    [InlineData(null, null, 3, 3, 0, 0, 0, 0)]
    public void Reconcile_Budget_ComputesKubernetesCounts(
        string? minAvailable, string? maxUnavailable, int replicas, int ready, int notReady, int expected, int desired, int allowed)
    {
        var budget = Budget(minAvailable is null ? null : Value(minAvailable), maxUnavailable is null ? null : Value(maxUnavailable));

        var status = Status(budget, Pods(ready, notReady), replicas);

        Assert.Equal(expected, status.ExpectedPods);
        Assert.Equal(desired, status.DesiredHealthy);
        Assert.Equal(ready, status.CurrentHealthy);
        Assert.Equal(allowed, status.DisruptionsAllowed);
        Assert.Equal(1, status.ObservedGeneration);
    }

    [Fact]
    public void Reconcile_DisruptionsAllowed_ConditionTrueSufficientPods()
    {
        var status = Status(Budget(IntOrString.FromInt(1)), Pods(3), 3);

        var condition = Assert.Single(status.Conditions!);
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(Now, condition.LastTransitionTime);
    }

    [Fact]
    public void Reconcile_NoDisruptionAllowed_ConditionFalseInsufficientPods()
    {
        var status = Status(Budget(IntOrString.FromInt(3)), Pods(3), 3);

        var condition = Assert.Single(status.Conditions!);
        Assert.Equal(("False", "InsufficientPods"), (condition.Status, condition.Reason));
    }

    [Fact]
    public void Reconcile_TerminatingPod_IsNotHealthy()
    {
        var pods = Pods(3);
        pods[0].Metadata.DeletionTimestamp = Now;

        var status = Status(Budget(IntOrString.FromInt(2)), pods, 3);

        Assert.Equal(2, status.CurrentHealthy);
        Assert.Equal(0, status.DisruptionsAllowed);
    }

    [Fact]
    public void Reconcile_PodGrantedAnEvictionRecently_IsNotHealthyAndStaysRecorded()
    {
        var pods = Pods(3);
        var granted = Now.AddSeconds(-30);
        var budget = Budget(IntOrString.FromInt(1), status: new PodDisruptionBudgetStatus { DisruptedPods = new() { [pods[0].Metadata.Name!] = granted } });

        var actions = DisruptionReconciler.Reconcile(budget, pods, [ReplicaSet("web-1", 3)], [Deployment(3)], Now);

        Assert.Equal(2, actions.Status!.CurrentHealthy);
        Assert.Equal(granted, actions.Status.DisruptedPods![pods[0].Metadata.Name!]);
        Assert.Equal(DisruptionReconciler.DeletionTimeout - TimeSpan.FromSeconds(30), actions.RequeueAfter);
    }

    [Fact]
    public void Reconcile_PodGrantedAnEvictionLongerAgoThanTheTimeout_IsHealthyAgainAndDropped()
    {
        var pods = Pods(3);
        var budget = Budget(IntOrString.FromInt(1), status: new PodDisruptionBudgetStatus { DisruptedPods = new() { [pods[0].Metadata.Name!] = Now.AddMinutes(-3) } });

        var status = Status(budget, pods, 3);

        Assert.Equal(3, status.CurrentHealthy);
        Assert.Null(status.DisruptedPods);
    }

    [Fact]
    public void Reconcile_GrantedPodNowTerminating_IsDroppedFromDisruptedPods()
    {
        var pods = Pods(3);
        pods[0].Metadata.DeletionTimestamp = Now;
        var budget = Budget(IntOrString.FromInt(1), status: new PodDisruptionBudgetStatus { DisruptedPods = new() { [pods[0].Metadata.Name!] = Now.AddSeconds(-5) } });

        var status = Status(budget, pods, 3);

        Assert.Null(status.DisruptedPods);
        Assert.Equal(2, status.CurrentHealthy);
    }

    [Fact]
    public void Reconcile_TwoReplicaSetsOfOneDeploymentMidRollout_CountTheDeploymentsReplicasOnce()
    {
        var pods = Pods(2, replicaSet: "web-old").Concat(Pods(2, replicaSet: "web-new")).ToList();

        var actions = DisruptionReconciler.Reconcile(
            Budget(maxUnavailable: IntOrString.FromInt(1)), pods, [ReplicaSet("web-old", 2), ReplicaSet("web-new", 2)], [Deployment(3)], Now);

        Assert.Equal(3, actions.Status!.ExpectedPods);
        Assert.Equal(2, actions.Status.DesiredHealthy);
        Assert.Equal(2, actions.Status.DisruptionsAllowed);
    }

    [Fact]
    public void Reconcile_ReplicaSetWithoutDeployment_CountsItsOwnReplicas()
    {
        var actions = DisruptionReconciler.Reconcile(
            Budget(IntOrString.FromString("50%")), Pods(4), [ReplicaSet("web-1", 4, ownedByDeployment: false)], [], Now);

        Assert.Equal(4, actions.Status!.ExpectedPods);
        Assert.Equal(2, actions.Status.DesiredHealthy);
    }

    [Fact]
    public void Reconcile_PodsWithoutController_AreLeftOutOfPercentagesWithAWarning()
    {
        var pods = Pods(2);
        pods.Add(Pod("bare", replicaSet: null));

        var actions = DisruptionReconciler.Reconcile(Budget(IntOrString.FromString("50%")), pods, [ReplicaSet("web-1", 2)], [Deployment(2)], Now);

        Assert.Equal(2, actions.Status!.ExpectedPods);
        Assert.Equal(3, actions.Status.CurrentHealthy);
        Assert.Contains(actions.Events, e => e.Warning && e.Reason == "UnmanagedPods");
    }

    [Fact]
    public void Reconcile_ControllerMissing_FailsSafeWithNoDisruptionAllowed()
    {
        var budget = Budget(maxUnavailable: IntOrString.FromInt(1), status: new PodDisruptionBudgetStatus { DisruptionsAllowed = 2 });

        var actions = DisruptionReconciler.Reconcile(budget, Pods(3), [], [], Now);

        Assert.Equal(0, actions.Status!.DisruptionsAllowed);
        var condition = Assert.Single(actions.Status.Conditions!);
        Assert.Equal(("False", "SyncFailed"), (condition.Status, condition.Reason));
        Assert.Contains("found no controllers for pod", condition.Message, StringComparison.Ordinal);
        Assert.Contains(actions.Events, e => e.Warning && e.Reason == "CalculateExpectedPodCountFailed");
    }

    [Fact]
    public void Reconcile_NoSelector_SelectsNoPodAndSaysSo()
    {
        var budget = Budget(IntOrString.FromInt(1));
        budget.Spec!.Selector = null;

        var actions = DisruptionReconciler.Reconcile(budget, Pods(3), [], [], Now);

        Assert.Equal(0, actions.Status!.CurrentHealthy);
        Assert.Contains(actions.Events, e => !e.Warning && e.Reason == "NoPods" && e.Message == "No matching pods found");
    }

    [Fact]
    public void Reconcile_EmptySelector_SelectsEveryPodOfTheNamespace()
    {
        var budget = Budget(IntOrString.FromInt(1));
        budget.Spec!.Selector = new LabelSelector();
        var pods = Pods(2);
        pods.Add(Pod("other", replicaSet: null));
        pods[2].Metadata.Labels = new() { ["app"] = "other" };

        var status = Status(budget, pods, 2);

        Assert.Equal(3, status.CurrentHealthy);
    }

    [Fact]
    public void Reconcile_StatusAlreadyCurrent_WritesNothing()
    {
        var budget = Budget(IntOrString.FromInt(1));
        budget.Status = Status(budget, Pods(3), 3);

        var again = DisruptionReconciler.Reconcile(budget, Pods(3), [ReplicaSet("web-1", 3)], [Deployment(3)], Now.AddMinutes(1));

        Assert.Null(again.Status);
    }

    [Fact]
    public void Reconcile_NewGeneration_UpdatesObservedGeneration()
    {
        var budget = Budget(IntOrString.FromInt(1));
        budget.Status = Status(budget, Pods(3), 3);
        budget.Metadata.Generation = 2;

        var again = DisruptionReconciler.Reconcile(budget, Pods(3), [ReplicaSet("web-1", 3)], [Deployment(3)], Now);

        Assert.Equal(2, again.Status!.ObservedGeneration);
    }
}
