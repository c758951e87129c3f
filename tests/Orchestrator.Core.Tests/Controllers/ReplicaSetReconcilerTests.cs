using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class ReplicaSetReconcilerTests
{
    private static Func<string> Suffixes(params string[] suffixes)
    {
        var queue = new Queue<string>(suffixes);
        return () => queue.Dequeue();
    }

    [Fact]
    public void Reconcile_NoPods_CreatesPodsFromTheTemplate()
    {
        var rs = ReplicaSet(replicas: 2);

        var actions = ReplicaSetReconciler.Reconcile(rs, [], Now, Suffixes("x2b4k", "q9zt7"));

        Assert.Equal(["web-7d4b9-x2b4k", "web-7d4b9-q9zt7"], actions.PodsToCreate.Select(static p => p.Metadata.Name));
        var pod = actions.PodsToCreate[0];
        Assert.Equal("v1", pod.ApiVersion);
        Assert.Equal("Pod", pod.Kind);
        Assert.Equal("web-7d4b9-", pod.Metadata.GenerateName);
        Assert.Equal("shop", pod.Metadata.Namespace);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, pod.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "blue" }, pod.Metadata.Annotations);
        var owner = Assert.Single(pod.Metadata.OwnerReferences!);
        Assert.Equal(("apps/v1", "ReplicaSet", "web-7d4b9", "rs-uid", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal("web:1", pod.Spec!.Containers![0].Image);
        Assert.Equal("100m", pod.Spec.Containers[0].Resources!.Requests!["cpu"].Text);
        Assert.Null(pod.Spec.NodeName);
        Assert.Empty(actions.PodsToDelete);
    }

    [Fact]
    public void Reconcile_CreatedPods_DoNotShareStateWithTheTemplate()
    {
        var rs = ReplicaSet(replicas: 1);

        var pod = Assert.Single(ReplicaSetReconciler.Reconcile(rs, [], Now, Suffixes("aaaaa")).PodsToCreate);
        pod.Spec!.Containers![0].Image = "changed";
        pod.Metadata.Labels!["extra"] = "x";

        Assert.Equal("web:1", rs.Spec!.Template!.Spec!.Containers![0].Image);
        Assert.False(rs.Spec.Template.Metadata!.Labels!.ContainsKey("extra"));
    }

    [Fact]
    public void Reconcile_SuffixAlreadyTaken_DrawsAnother()
    {
        var rs = ReplicaSet(replicas: 2);

        var actions = ReplicaSetReconciler.Reconcile(rs, [OwnedPod("web-7d4b9-aaaaa")], Now, Suffixes("aaaaa", "bbbbb"));

        Assert.Equal("web-7d4b9-bbbbb", Assert.Single(actions.PodsToCreate).Metadata.Name);
    }

    [Fact]
    public void Reconcile_TooManyPods_DeletesInKubernetesOrder()
    {
        var rs = ReplicaSet(replicas: 2);
        Pod[] pods =
        [
            OwnedPod("ready-old", ageSeconds: 600, readyForSeconds: 500),
            OwnedPod("not-ready", ageSeconds: 500, readyForSeconds: null),
            OwnedPod("ready-older", ageSeconds: 700, readyForSeconds: 600),
            OwnedPod("pending", ageSeconds: 400, phase: "Pending", readyForSeconds: null),
            OwnedPod("unscheduled", ageSeconds: 900, node: null, phase: "Pending", readyForSeconds: null),
        ];

        var actions = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());

        Assert.Equal(["unscheduled", "pending", "not-ready"], actions.PodsToDelete.Select(static p => p.Metadata.Name));
        Assert.Empty(actions.PodsToCreate);
    }

    [Fact]
    public void Reconcile_SurplusOfEquivalentPods_DeletesTheNewestFirst()
    {
        var rs = ReplicaSet(replicas: 1);
        Pod[] pods =
        [
            OwnedPod("middle", ageSeconds: 200, node: "node-b", readyForSeconds: null),
            OwnedPod("newest", ageSeconds: 100, node: "node-c", readyForSeconds: null),
            OwnedPod("oldest", ageSeconds: 300, node: "node-a", readyForSeconds: null),
        ];

        var actions = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());

        Assert.Equal(["newest", "middle"], actions.PodsToDelete.Select(static p => p.Metadata.Name));
    }

    [Fact]
    public void Reconcile_ReadyPods_DeletesTheMostRecentlyReadyFirst()
    {
        var rs = ReplicaSet(replicas: 1);
        Pod[] pods = [OwnedPod("long-ready", ageSeconds: 100, node: "node-a", readyForSeconds: 90), OwnedPod("just-ready", ageSeconds: 300, node: "node-b", readyForSeconds: 5)];

        var actions = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());

        Assert.Equal("just-ready", Assert.Single(actions.PodsToDelete).Metadata.Name);
    }

    [Fact]
    public void Reconcile_DeletionCostAnnotation_SparesTheCostlyPod()
    {
        var rs = ReplicaSet(replicas: 1);
        var costly = OwnedPod("costly", ageSeconds: 10, node: "node-a");
        costly.Metadata.Annotations = new() { ["controller.kubernetes.io/pod-deletion-cost"] = "100" };
        var cheap = OwnedPod("cheap", ageSeconds: 500, node: "node-b");

        var actions = ReplicaSetReconciler.Reconcile(rs, [costly, cheap], Now, Suffixes());

        Assert.Equal("cheap", Assert.Single(actions.PodsToDelete).Metadata.Name);
    }

    [Fact]
    public void Reconcile_MixedPods_ReportsKubernetesStatusCounts()
    {
        var rs = ReplicaSet(replicas: 5, minReadySeconds: 10, generation: 4);
        Pod[] pods =
        [
            OwnedPod("available", readyForSeconds: 11),
            OwnedPod("ready-too-recently", readyForSeconds: 10),
            OwnedPod("not-ready", readyForSeconds: null),
            OwnedPod("relabelled", readyForSeconds: 60, labels: new() { ["app"] = "web", ["extra"] = "1" }),
            OwnedPod("missing-template-label", readyForSeconds: null, labels: new() { ["app"] = "web" }),
        ];
        rs.Spec!.Template!.Metadata!.Labels!["tier"] = "front";
        rs.Spec.Selector!.MatchLabels = new() { ["app"] = "web" };
        foreach (var pod in pods.Take(4))
        {
            pod.Metadata.Labels!["tier"] = "front";
        }

        var actions = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());

        var status = actions.Status!;
        Assert.Equal(5, status.Replicas);
        Assert.Equal(4, status.FullyLabeledReplicas);
        Assert.Equal(3, status.ReadyReplicas);
        Assert.Equal(2, status.AvailableReplicas);
        Assert.Equal(4, status.ObservedGeneration);
        Assert.Equal(TimeSpan.FromSeconds(1), actions.RequeueAfter);
    }

    [Fact]
    public void Reconcile_LaterNow_CountsThePodAsAvailable()
    {
        var rs = ReplicaSet(replicas: 1, minReadySeconds: 30);
        Pod[] pods = [OwnedPod("web-1", readyForSeconds: 20)];

        var early = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());
        var late = ReplicaSetReconciler.Reconcile(rs, pods, Now.AddSeconds(11), Suffixes());

        Assert.Equal(0, early.Status!.AvailableReplicas);
        Assert.Equal(TimeSpan.FromSeconds(11), early.RequeueAfter);
        Assert.Equal(1, late.Status!.AvailableReplicas);
        Assert.Null(late.RequeueAfter);
    }

    [Fact]
    public void Reconcile_AppliedResult_IsSteady()
    {
        var rs = ReplicaSet(replicas: 3);
        var pods = new List<Pod>();
        var random = new Random(42);
        var suffix = GeneratedNames.RandomSuffix(random);

        var first = ReplicaSetReconciler.Reconcile(rs, pods, Now, suffix);
        pods.AddRange(first.PodsToCreate);
        rs.Status = first.Status;
        var second = ReplicaSetReconciler.Reconcile(rs, pods, Now, suffix);
        rs.Status = second.Status ?? rs.Status;
        var third = ReplicaSetReconciler.Reconcile(rs, pods, Now, suffix);

        Assert.Equal(3, first.PodsToCreate.Count);
        Assert.Empty(second.PodsToCreate);
        Assert.Empty(second.PodsToDelete);
        Assert.Equal(3, second.Status!.Replicas);
        Assert.True(third.IsEmpty);
    }

    [Fact]
    public void Reconcile_ScaledDownAndApplied_IsSteady()
    {
        var rs = ReplicaSet(replicas: 1);
        var pods = new List<Pod> { OwnedPod("a", ageSeconds: 30), OwnedPod("b", ageSeconds: 20), OwnedPod("c", ageSeconds: 10) };

        var first = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());
        pods.RemoveAll(p => first.PodsToDelete.Contains(p));
        rs.Status = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes()).Status;
        var steady = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes());

        Assert.Equal(["c", "b"], first.PodsToDelete.Select(static p => p.Metadata.Name));
        Assert.Equal("a", Assert.Single(pods).Metadata.Name);
        Assert.True(steady.IsEmpty);
    }

    [Fact]
    public void Reconcile_FailedPod_IsDeletedAndReplaced()
    {
        var rs = ReplicaSet(replicas: 2);
        Pod[] pods = [OwnedPod("healthy"), OwnedPod("evicted", phase: "Failed", readyForSeconds: null)];

        var actions = ReplicaSetReconciler.Reconcile(rs, pods, Now, Suffixes("fresh"));

        Assert.Equal("evicted", Assert.Single(actions.PodsToDelete).Metadata.Name);
        Assert.Equal("web-7d4b9-fresh", Assert.Single(actions.PodsToCreate).Metadata.Name);
        Assert.Equal(1, actions.Status!.Replicas);
    }

    [Fact]
    public void Reconcile_TerminatingPod_IsNotCountedNorDeletedAgain()
    {
        var rs = ReplicaSet(replicas: 1);
        var terminating = OwnedPod("terminating");
        terminating.Metadata.DeletionTimestamp = Now;

        var actions = ReplicaSetReconciler.Reconcile(rs, [terminating], Now, Suffixes("fresh"));

        Assert.Empty(actions.PodsToDelete);
        Assert.Single(actions.PodsToCreate);
        Assert.Equal(0, actions.Status!.Replicas);
    }

    [Fact]
    public void Reconcile_PodControlledByAnotherOwner_IsIgnored()
    {
        var rs = ReplicaSet(replicas: 1);

        var actions = ReplicaSetReconciler.Reconcile(rs, [OwnedPod("mine"), OwnedPod("theirs", ownerUid: "other-uid")], Now, Suffixes());

        Assert.Empty(actions.PodsToDelete);
        Assert.Equal(1, actions.Status!.Replicas);
    }

    [Fact]
    public void Reconcile_ReplicaSetBeingDeleted_OnlyUpdatesStatus()
    {
        var rs = ReplicaSet(replicas: 3);
        rs.Metadata.DeletionTimestamp = Now;

        var actions = ReplicaSetReconciler.Reconcile(rs, [OwnedPod("a")], Now, Suffixes());

        Assert.Empty(actions.PodsToCreate);
        Assert.Empty(actions.PodsToDelete);
        Assert.Equal(1, actions.Status!.Replicas);
    }

    [Fact]
    public void Reconcile_SelectorNotMatchingTemplate_DoesNothing()
    {
        var rs = ReplicaSet(replicas: 3);
        rs.Spec!.Selector!.MatchLabels = new() { ["app"] = "other" };

        var actions = ReplicaSetReconciler.Reconcile(rs, [], Now, Suffixes());

        Assert.True(actions.IsEmpty);
    }

    [Fact]
    public void Reconcile_HugeScaleUp_CreatesAtMostABurst()
    {
        var rs = ReplicaSet(replicas: 2000);

        var actions = ReplicaSetReconciler.Reconcile(rs, [], Now, GeneratedNames.RandomSuffix(new Random(7)));

        Assert.Equal(ReplicaSetReconciler.BurstReplicas, actions.PodsToCreate.Count);
        Assert.Equal(ReplicaSetReconciler.BurstReplicas, actions.PodsToCreate.Select(static p => p.Metadata.Name).Distinct().Count());
    }

    [Fact]
    public void RandomSuffix_DrawsFiveCharactersFromTheKubernetesAlphabet()
    {
        var suffix = GeneratedNames.RandomSuffix(new Random(1));

        var values = Enumerable.Range(0, 100).Select(_ => suffix()).ToList();

        Assert.All(values, static v => Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{5}$", v));
        Assert.True(values.Distinct().Count() > 90);
    }
}
