using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class DeploymentReconcilerTests
{
    private const string HashAlphabet = "[bcdfghjklmnpqrstvwxz2456789]";

    private static WorkloadCondition Condition(DeploymentStatus? status, string type) => Assert.Single(status!.Conditions!, c => c.Type == type);

    /// <summary>A Deployment rolled out and settled: one ReplicaSet, all pods available, status written.</summary>
    private static DeploymentSimulation Settled(Deployment deployment)
    {
        var simulation = new DeploymentSimulation(deployment);
        simulation.RunToCompletion();
        return simulation;
    }

    [Fact]
    public void Reconcile_FirstRollout_CreatesTheReplicaSetKubernetesWould()
    {
        var deployment = Deployment(replicas: 3);

        var actions = DeploymentReconciler.Reconcile(deployment, [], Now);

        var rs = Assert.Single(actions.ReplicaSetsToCreate);
        var hash = rs.Metadata.Labels![DeploymentReconciler.PodTemplateHashLabel];
        Assert.Matches($"^{HashAlphabet}{{1,10}}$", hash);
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(("apps/v1", "ReplicaSet", "shop"), (rs.ApiVersion, rs.Kind, rs.Metadata.Namespace));
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = hash }, rs.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = hash }, rs.Spec!.Selector!.MatchLabels);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = hash }, rs.Spec.Template!.Metadata!.Labels);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal("web:1", rs.Spec.Template.Spec!.Containers![0].Image);
        var owner = Assert.Single(rs.Metadata.OwnerReferences!);
        Assert.Equal(("apps/v1", "Deployment", "web", "deploy-uid", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["kubernetes.io/change-cause"] = "first release",
                ["deployment.kubernetes.io/revision"] = "1",
                ["deployment.kubernetes.io/desired-replicas"] = "3",
                ["deployment.kubernetes.io/max-replicas"] = "4",
            },
            rs.Metadata.Annotations);
        Assert.Equal("1", actions.Revision);
        Assert.Empty(actions.ReplicaSetsToUpdate);
        Assert.Empty(actions.ReplicaSetsToDelete);
        Assert.False(deployment.Spec!.Template!.Metadata!.Labels!.ContainsKey("pod-template-hash"));
    }

    [Fact]
    public void Reconcile_FirstRollout_ReportsProgressAndUnavailability()
    {
        var actions = DeploymentReconciler.Reconcile(Deployment(replicas: 3), [], Now);

        var status = actions.Status!;
        Assert.Equal((1L, 0, 0, 0, 0, 3), (status.ObservedGeneration!.Value, status.Replicas!.Value, status.UpdatedReplicas!.Value, status.ReadyReplicas!.Value, status.AvailableReplicas!.Value, status.UnavailableReplicas!.Value));
        var name = actions.ReplicaSetsToCreate[0].Metadata.Name;
        var progressing = Condition(status, "Progressing");
        Assert.Equal(("True", "NewReplicaSetCreated", $"Created new replica set \"{name}\""), (progressing.Status, progressing.Reason, progressing.Message));
        var available = Condition(status, "Available");
        Assert.Equal(("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."), (available.Status, available.Reason, available.Message));
        Assert.Equal(Now, available.LastTransitionTime);
    }

    [Fact]
    public void Reconcile_RolledOut_ReportsSuccessThenNothingMore()
    {
        var simulation = Settled(Deployment(replicas: 3));

        var status = simulation.Deployment.Status!;
        Assert.Equal((3, 3, 3, 3, 0), (status.Replicas!.Value, status.UpdatedReplicas!.Value, status.ReadyReplicas!.Value, status.AvailableReplicas!.Value, status.UnavailableReplicas!.Value));
        var name = simulation.Current.Metadata.Name;
        var progressing = Condition(status, "Progressing");
        Assert.Equal(("True", "NewReplicaSetAvailable", $"ReplicaSet \"{name}\" has successfully progressed."), (progressing.Status, progressing.Reason, progressing.Message));
        var available = Condition(status, "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        Assert.Equal(["Available", "Progressing"], status.Conditions!.Select(static c => c.Type));
        Assert.True(simulation.Reconcile().IsEmpty);
    }

    [Fact]
    public void Reconcile_SameTemplateWithLabelsInAnotherOrder_FindsTheSameReplicaSet()
    {
        var simulation = Settled(Deployment(replicas: 2));
        simulation.Deployment.Spec!.Template!.Metadata!.Labels = new() { ["tier"] = "front", ["app"] = "web" };
        var reordered = Deployment(replicas: 2);
        reordered.Spec!.Template!.Metadata!.Labels = new() { ["app"] = "web", ["tier"] = "front" };

        var first = DeploymentReconciler.Reconcile(simulation.Deployment, [], Now).ReplicaSetsToCreate[0].Metadata.Name;
        var second = DeploymentReconciler.Reconcile(reordered, [], Now).ReplicaSetsToCreate[0].Metadata.Name;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Reconcile_ReplicasChanged_ScalesTheReplicaSetAndItsAnnotations()
    {
        var simulation = Settled(Deployment(replicas: 3));
        simulation.Scale(5);

        var actions = simulation.Reconcile();

        Assert.Empty(actions.ReplicaSetsToCreate);
        var rs = Assert.Single(actions.ReplicaSetsToUpdate);
        Assert.Equal(simulation.Current.Metadata.Name, rs.Metadata.Name);
        Assert.Equal(simulation.Current.Metadata.ResourceVersion, rs.Metadata.ResourceVersion);
        Assert.Equal(5, rs.Spec!.Replicas);
        Assert.Equal("5", rs.Metadata.Annotations!["deployment.kubernetes.io/desired-replicas"]);
        Assert.Equal("7", rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]);
        Assert.Equal(3, simulation.Current.Spec!.Replicas);
    }

    [Theory]
    [InlineData(4, 1, 1)]
    [InlineData(10, 3, 2)]
    [InlineData(5, 0, 1)]
    [InlineData(3, 1, 0)]
    public void Reconcile_TemplateChanged_RollsWithinSurgeAndUnavailabilityBounds(int replicas, int maxSurge, int maxUnavailable)
    {
        var simulation = Settled(Deployment(replicas, maxSurge: IntOrString.FromInt(maxSurge), maxUnavailable: IntOrString.FromInt(maxUnavailable)));
        var oldName = simulation.Current.Metadata.Name;
        var availableSince = Condition(simulation.Deployment.Status, "Available").LastTransitionTime;
        simulation.ChangeImage("web:2");

        var steps = simulation.RunToCompletion(() =>
        {
            Assert.InRange(simulation.TotalReplicas, 0, replicas + maxSurge);
            Assert.InRange(simulation.TotalAvailable, replicas - maxUnavailable, int.MaxValue);
        });

        Assert.InRange(steps, 2, 20);
        Assert.Equal(2, simulation.ReplicaSets.Count);
        var current = simulation.Current;
        Assert.NotEqual(oldName, current.Metadata.Name);
        Assert.Equal(replicas, current.Spec!.Replicas);
        Assert.Equal(0, simulation.ReplicaSets.Single(rs => rs.Metadata.Name == oldName).Spec!.Replicas);
        Assert.Equal("2", current.Metadata.Annotations!["deployment.kubernetes.io/revision"]);
        Assert.Equal("2", simulation.Deployment.Metadata.Annotations!["deployment.kubernetes.io/revision"]);
        var status = simulation.Deployment.Status!;
        Assert.Equal((2L, replicas, replicas, replicas, 0), (status.ObservedGeneration!.Value, status.UpdatedReplicas!.Value, status.Replicas!.Value, status.AvailableReplicas!.Value, status.UnavailableReplicas!.Value));
        Assert.Equal(("True", "NewReplicaSetAvailable"), (Condition(status, "Progressing").Status, Condition(status, "Progressing").Reason));
        Assert.Equal(availableSince, Condition(status, "Available").LastTransitionTime);
    }

    [Theory]
    [InlineData(1, "25%", "25%", 2, 1)] // surge rounds 0.25 up to 1, unavailable rounds it down to 0: one replica still surges
    [InlineData(10, "25%", "25%", 13, 8)] // 2.5 → surge 3, unavailable 2
    [InlineData(7, "10%", "10%", 8, 7)] // 0.7 → surge 1, unavailable 0
    [InlineData(4, "50%", "0%", 6, 4)]
    [InlineData(5, "0%", "10%", 5, 4)] // both round to 0: Kubernetes lets one pod be unavailable so the rollout can move
    public void Reconcile_PercentagesRoundAsKubernetes_RolloutStaysWithinTheResolvedBounds(int replicas, string maxSurge, string maxUnavailable, int maxTotal, int minAvailable)
    {
        var simulation = Settled(Deployment(replicas, maxSurge: IntOrString.FromString(maxSurge), maxUnavailable: IntOrString.FromString(maxUnavailable)));
        simulation.ChangeImage("web:2");
        var peakTotal = 0;
        var lowestAvailable = int.MaxValue;

        simulation.RunToCompletion(() =>
        {
            peakTotal = Math.Max(peakTotal, simulation.TotalReplicas);
            lowestAvailable = Math.Min(lowestAvailable, simulation.TotalAvailable);
        });

        // The bounds are reached exactly: the resolved numbers are neither exceeded nor left unused.
        Assert.Equal(maxTotal, peakTotal);
        Assert.Equal(minAvailable, lowestAvailable);
        Assert.Equal(replicas, simulation.Current.Spec!.Replicas);
    }

    [Fact]
    public void Reconcile_TemplateChanged_SurgesFirstThenScalesDownOld()
    {
        var simulation = Settled(Deployment(replicas: 4, maxSurge: IntOrString.FromInt(1), maxUnavailable: IntOrString.FromInt(1)));
        var old = simulation.Current.Metadata.Name;
        simulation.ChangeImage("web:2");

        var first = simulation.Step();

        var created = Assert.Single(first.ReplicaSetsToCreate);
        Assert.Equal(1, created.Spec!.Replicas);
        var scaledDown = Assert.Single(first.ReplicaSetsToUpdate);
        Assert.Equal((old, 3), (scaledDown.Metadata.Name, scaledDown.Spec!.Replicas));
        var progressing = Condition(first.Status, "Progressing");
        Assert.Equal(("True", "NewReplicaSetCreated", $"Created new replica set \"{created.Metadata.Name}\""), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.Equal("2", first.Revision);

        simulation.RunPods();
        var second = simulation.Step();

        var progressed = Condition(second.Status, "Progressing");
        Assert.Equal(("True", "ReplicaSetUpdated", $"ReplicaSet \"{created.Metadata.Name}\" is progressing."), (progressed.Status, progressed.Reason, progressed.Message));
        Assert.Equal(Condition(first.Status, "Progressing").LastTransitionTime, progressed.LastTransitionTime);
    }

    [Fact]
    public void Reconcile_NoProgressPastTheDeadline_ReportsTimeout()
    {
        var deployment = Deployment(replicas: 2);
        deployment.Spec!.ProgressDeadlineSeconds = 60;
        var simulation = Settled(deployment);
        simulation.ChangeImage("web:broken");
        simulation.Step();
        var name = simulation.Current.Metadata.Name;

        simulation.Now = simulation.Now.AddSeconds(61);
        var actions = simulation.Step();

        var progressing = Condition(actions.Status, "Progressing");
        Assert.Equal(("False", "ProgressDeadlineExceeded", $"ReplicaSet \"{name}\" has timed out progressing."), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.True(simulation.Reconcile().Status is null);
    }

    [Fact]
    public void Reconcile_ScaledMidRollout_SharesTheChangeProportionally()
    {
        var simulation = Settled(Deployment(replicas: 10));
        simulation.ChangeImage("web:2");
        simulation.Step();
        var oldName = simulation.ReplicaSets.Single(rs => rs.Spec!.Template!.Spec!.Containers![0].Image == "web:1").Metadata.Name!;
        Assert.Equal((8, 3), (simulation.ReplicaSets.Single(rs => rs.Metadata.Name == oldName).Spec!.Replicas!.Value, simulation.Current.Spec!.Replicas!.Value));

        simulation.Scale(20);
        var actions = simulation.Step();

        Assert.Empty(actions.ReplicaSetsToCreate);
        var sizes = actions.ReplicaSetsToUpdate.ToDictionary(static rs => rs.Metadata.Name!, static rs => rs.Spec!.Replicas!.Value);
        Assert.Equal(19, sizes[oldName]);
        Assert.Equal(6, sizes[simulation.Current.Metadata.Name!]);
        Assert.All(actions.ReplicaSetsToUpdate, static rs => Assert.Equal(("20", "25"), (rs.Metadata.Annotations!["deployment.kubernetes.io/desired-replicas"], rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"])));

        simulation.RunToCompletion(() => Assert.InRange(simulation.TotalReplicas, 0, 25));
        Assert.Equal(20, simulation.Current.Spec!.Replicas);
        Assert.Equal(0, simulation.ReplicaSets.Single(rs => rs.Metadata.Name == oldName).Spec!.Replicas);
    }

    [Fact]
    public void Reconcile_Recreate_StopsOldPodsBeforeStartingNewOnes()
    {
        var simulation = Settled(Deployment(replicas: 3, strategy: "Recreate"));
        var old = simulation.Current.Metadata.Name;
        simulation.ChangeImage("web:2");

        var first = simulation.Step();
        var whileOldPodsRemain = simulation.Reconcile();
        simulation.RunPods();
        var afterOldPodsGone = simulation.Step();

        Assert.Empty(first.ReplicaSetsToCreate);
        var scaledDown = Assert.Single(first.ReplicaSetsToUpdate);
        Assert.Equal((old, 0), (scaledDown.Metadata.Name, scaledDown.Spec!.Replicas));
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (Condition(afterOldPodsGone.Status, "Available").Status, Condition(afterOldPodsGone.Status, "Available").Reason));
        Assert.Empty(whileOldPodsRemain.ReplicaSetsToCreate);
        Assert.Empty(whileOldPodsRemain.ReplicaSetsToUpdate);
        var created = Assert.Single(afterOldPodsGone.ReplicaSetsToCreate);
        Assert.Equal(3, created.Spec!.Replicas);
        Assert.Equal(("3", "3"), (created.Metadata.Annotations!["deployment.kubernetes.io/desired-replicas"], created.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]));

        simulation.RunToCompletion(() => Assert.True(simulation.ReplicaSets.Count(static rs => rs.Spec!.Replicas > 0) <= 1));
        Assert.Equal(3, simulation.Deployment.Status!.AvailableReplicas);
    }

    [Fact]
    public void Reconcile_Paused_HoldsTheRolloutBack()
    {
        var simulation = Settled(Deployment(replicas: 3));
        simulation.Deployment.Spec!.Paused = true;
        simulation.ChangeImage("web:2");

        var actions = simulation.Step();

        Assert.Empty(actions.ReplicaSetsToCreate);
        Assert.Empty(actions.ReplicaSetsToUpdate);
        var progressing = Condition(actions.Status, "Progressing");
        Assert.Equal(("Unknown", "DeploymentPaused", "Deployment is paused"), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.Equal(0, actions.Status!.UpdatedReplicas);
        Assert.True(simulation.Reconcile().IsEmpty);
    }

    [Fact]
    public void Reconcile_PausedAndScaled_ScalesAsKubernetesDoes()
    {
        var simulation = Settled(Deployment(replicas: 3));
        simulation.Deployment.Spec!.Paused = true;
        simulation.Step();
        simulation.Scale(5);

        var actions = simulation.Step();

        Assert.Equal(5, Assert.Single(actions.ReplicaSetsToUpdate).Spec!.Replicas);
    }

    [Fact]
    public void Reconcile_Resumed_RollsOut()
    {
        var simulation = Settled(Deployment(replicas: 3));
        simulation.Deployment.Spec!.Paused = true;
        simulation.ChangeImage("web:2");
        simulation.Step();
        simulation.Deployment.Spec.Paused = false;

        var actions = simulation.Step();

        Assert.Single(actions.ReplicaSetsToCreate);
        simulation.RunToCompletion();
        Assert.Equal("web:2", simulation.ReplicaSets.Single(static rs => rs.Spec!.Replicas > 0).Spec!.Template!.Spec!.Containers![0].Image);
    }

    [Fact]
    public void Reconcile_ManyReleases_KeepsOnlyRevisionHistoryLimitOldReplicaSets()
    {
        var deployment = Deployment(replicas: 2);
        deployment.Spec!.RevisionHistoryLimit = 2;
        var simulation = Settled(deployment);

        for (var version = 2; version <= 6; version++)
        {
            simulation.ChangeImage($"web:{version}");
            simulation.RunToCompletion();
        }

        Assert.Equal([4L, 5L, 6L], simulation.ReplicaSets.Select(DeploymentSimulation.RevisionOf).Order());
        Assert.Equal("web:6", simulation.Current.Spec!.Template!.Spec!.Containers![0].Image);
    }

    [Fact]
    public void Reconcile_OldReplicaSetStillHasPods_IsNotCleanedUp()
    {
        var deployment = Deployment(replicas: 2);
        deployment.Spec!.RevisionHistoryLimit = 1;
        var simulation = Settled(deployment);
        simulation.ChangeImage("web:2");
        simulation.RunToCompletion();
        simulation.ChangeImage("web:3");
        simulation.RunToCompletion();
        simulation.ChangeImage("web:4");
        simulation.RunToCompletion();
        Assert.Equal(2, simulation.ReplicaSets.Count);

        // Bring back two old ReplicaSets, the oldest still reporting a pod (terminating, say).
        var revision1 = simulation.Current.DeepCloneForTest("web:1", revision: 1, statusReplicas: 1);
        var revision2 = simulation.Current.DeepCloneForTest("web:2", revision: 2, statusReplicas: 0);
        simulation.ReplicaSets.AddRange([revision1, revision2]);

        var actions = simulation.Reconcile();

        Assert.Equal([revision2.Metadata.Name], actions.ReplicaSetsToDelete.Select(static rs => rs.Metadata.Name));
    }

    [Fact]
    public void Reconcile_RollbackToAnEarlierTemplate_ReusesItsReplicaSetWithANewRevision()
    {
        var simulation = Settled(Deployment(replicas: 2));
        var first = simulation.Current.Metadata.Name;
        simulation.ChangeImage("web:2");
        simulation.RunToCompletion();

        simulation.ChangeImage("web:1");
        var actions = simulation.Step();

        Assert.Empty(actions.ReplicaSetsToCreate);
        var reused = actions.ReplicaSetsToUpdate.Single(rs => rs.Metadata.Name == first);
        Assert.Equal("3", reused.Metadata.Annotations!["deployment.kubernetes.io/revision"]);
        Assert.Equal("1", reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
        Assert.Equal("3", actions.Revision);
        simulation.RunToCompletion();
        Assert.Equal(first, simulation.ReplicaSets.Single(static rs => rs.Spec!.Replicas > 0).Metadata.Name);
    }

    [Fact]
    public void Reconcile_HashCollidesWithAnotherTemplate_BumpsCollisionCount()
    {
        var deployment = Deployment(replicas: 1);
        var wanted = DeploymentReconciler.Reconcile(deployment, [], Now).ReplicaSetsToCreate[0];
        var squatter = Deployment(replicas: 1, image: "other:1");
        var impostor = DeploymentReconciler.Reconcile(squatter, [], Now).ReplicaSetsToCreate[0];
        impostor.Metadata.Name = wanted.Metadata.Name;
        impostor.Metadata.CreationTimestamp = Now.AddHours(-1);

        var actions = DeploymentReconciler.Reconcile(deployment, [impostor], Now);

        var created = Assert.Single(actions.ReplicaSetsToCreate);
        Assert.NotEqual(wanted.Metadata.Name, created.Metadata.Name);
        Assert.Equal(1, actions.Status!.CollisionCount);
        Assert.Equal(created.Metadata.Name, "web-" + created.Metadata.Labels!["pod-template-hash"]);
    }

    [Fact]
    public void Reconcile_StaleDesiredReplicasAnnotation_IsRepairedAndTheRolloutProceeds()
    {
        var simulation = Settled(Deployment(replicas: 3));
        simulation.Current.Metadata.Annotations!["deployment.kubernetes.io/desired-replicas"] = "7";
        simulation.ChangeImage("web:2");

        var repair = simulation.Step();
        var rollout = simulation.Step();

        Assert.Equal("3", Assert.Single(repair.ReplicaSetsToUpdate).Metadata.Annotations!["deployment.kubernetes.io/desired-replicas"]);
        Assert.Single(rollout.ReplicaSetsToCreate);
    }

    [Fact]
    public void Reconcile_DeploymentBeingDeleted_OnlyReportsStatus()
    {
        var deployment = Deployment(replicas: 3);
        deployment.Metadata.DeletionTimestamp = Now;

        var actions = DeploymentReconciler.Reconcile(deployment, [], Now);

        Assert.Empty(actions.ReplicaSetsToCreate);
        Assert.NotNull(actions.Status);
    }

    [Fact]
    public void Reconcile_DoesNotChangeItsInputs()
    {
        var simulation = Settled(Deployment(replicas: 3));
        var before = simulation.Current.Spec!.Replicas;
        simulation.ChangeImage("web:2");
        var statusBefore = simulation.Deployment.Status;

        simulation.Reconcile();

        Assert.Equal(before, simulation.ReplicaSets[0].Spec!.Replicas);
        Assert.Same(statusBefore, simulation.Deployment.Status);
        Assert.Equal(["Available", "Progressing"], statusBefore!.Conditions!.Select(static c => c.Type));
    }
}
