using Orchestrator.Core.Controllers;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>The SuccessfulCreate and SuccessfulDelete events the ReplicaSet controller reports, in Kubernetes' words.</summary>
public sealed class ReplicaSetEventsTests
{
    private static Func<string> Suffixes(params string[] suffixes)
    {
        var queue = new Queue<string>(suffixes);
        return () => queue.Dequeue();
    }

    [Fact]
    public void Reconcile_PodsCreated_ReportsOneSuccessfulCreatePerPod()
    {
        var actions = ReplicaSetReconciler.Reconcile(ReplicaSet(replicas: 2), [], Now, Suffixes("x2b4k", "q9zt7"));

        Assert.Equal(
            [(false, "SuccessfulCreate", "Created pod: web-7d4b9-x2b4k"), (false, "SuccessfulCreate", "Created pod: web-7d4b9-q9zt7")],
            actions.Events.Select(static e => (e.Warning, e.Reason, e.Message)));
    }

    [Fact]
    public void Reconcile_ScaledDown_ReportsSuccessfulDeleteOfTheChosenPods()
    {
        var pods = new[] { OwnedPod("web-7d4b9-old", ageSeconds: 600), OwnedPod("web-7d4b9-new", ageSeconds: 10), OwnedPod("web-7d4b9-mid", ageSeconds: 300) };

        var actions = ReplicaSetReconciler.Reconcile(ReplicaSet(replicas: 2), pods, Now, Suffixes());

        var deleted = Assert.Single(actions.PodsToDelete);
        var reported = Assert.Single(actions.Events);
        Assert.Equal((false, "SuccessfulDelete", $"Deleted pod: {deleted.Metadata.Name}"), (reported.Warning, reported.Reason, reported.Message));
    }

    [Fact]
    public void Reconcile_FailedPodReplaced_ReportsItsDeletionAndTheReplacement()
    {
        var pods = new[] { OwnedPod("web-7d4b9-aaaaa"), OwnedPod("web-7d4b9-bbbbb", phase: "Failed", readyForSeconds: null) };

        var actions = ReplicaSetReconciler.Reconcile(ReplicaSet(replicas: 2), pods, Now, Suffixes("ccccc"));

        Assert.Equal(
            ["Created pod: web-7d4b9-ccccc", "Deleted pod: web-7d4b9-bbbbb"],
            actions.Events.Select(static e => e.Message));
    }

    [Fact]
    public void Reconcile_AtTheRightSize_ReportsNothing()
    {
        var pods = new[] { OwnedPod("web-7d4b9-aaaaa"), OwnedPod("web-7d4b9-bbbbb") };

        var actions = ReplicaSetReconciler.Reconcile(ReplicaSet(replicas: 2), pods, Now, Suffixes());

        Assert.Empty(actions.Events);
    }

    [Fact]
    public void FailedPodCreate_ApiRefusal_IsAWarningInKubernetesWords()
    {
        var failed = WorkloadEvent.FailedPodCreate("pods \"web-7d4b9-aaaaa\" is forbidden: exceeded quota");

        Assert.Equal((true, "FailedCreate", "Error creating: pods \"web-7d4b9-aaaaa\" is forbidden: exceeded quota"), (failed.Warning, failed.Reason, failed.Message));
    }
}
