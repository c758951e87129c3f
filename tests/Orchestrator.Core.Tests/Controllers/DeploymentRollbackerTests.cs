using Orchestrator.Core.Controllers;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>Rollback as <c>kubectl rollout undo</c> does it, and the history it reads.</summary>
public sealed class DeploymentRollbackerTests
{
    /// <summary>A Deployment rolled out with web:1, then web:2, then web:3 (revisions 1, 2 and 3).</summary>
    private static DeploymentSimulation ThreeRevisions()
    {
        var simulation = new DeploymentSimulation(Deployment(replicas: 2));
        simulation.RunToCompletion();
        foreach (var image in new[] { "web:2", "web:3" })
        {
            simulation.Deployment.Metadata.Annotations!["kubernetes.io/change-cause"] = $"release {image}";
            simulation.ChangeImage(image);
            simulation.RunToCompletion();
        }

        return simulation;
    }

    [Fact]
    public void Plan_ToRevisionOne_CopiesItsTemplateWithoutTheHashLabel()
    {
        var simulation = ThreeRevisions();

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 1);

        Assert.Equal((DeploymentRollbackOutcome.RolledBack, 1L), (plan.Outcome, plan.Revision));
        var template = plan.Updated!.Spec!.Template!;
        Assert.Equal("web:1", template.Spec!.Containers![0].Image);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, template.Metadata!.Labels);
        Assert.Equal("web:3", simulation.Deployment.Spec!.Template!.Spec!.Containers![0].Image);
    }

    [Fact]
    public void Plan_ToRevisionOne_RestoresItsChangeCauseAndKeepsTheControllersAnnotations()
    {
        var simulation = ThreeRevisions();

        var annotations = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 1).Updated!.Metadata.Annotations!;

        Assert.Equal("first release", annotations["kubernetes.io/change-cause"]);
        Assert.Equal("3", annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("{}", annotations["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.False(annotations.ContainsKey("deployment.kubernetes.io/desired-replicas"));
    }

    [Fact]
    public void Plan_RevisionZero_GoesToThePreviousRevision()
    {
        var simulation = ThreeRevisions();

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 0);

        Assert.Equal((DeploymentRollbackOutcome.RolledBack, 2L), (plan.Outcome, plan.Revision));
        Assert.Equal("web:2", plan.Updated!.Spec!.Template!.Spec!.Containers![0].Image);
    }

    [Fact]
    public void Plan_ThenTheControllerRuns_RevisionOneComesBackAsRevisionFour()
    {
        var simulation = ThreeRevisions();
        var first = simulation.ReplicaSets.Single(rs => DeploymentSimulation.RevisionOf(rs) == 1).Metadata.Name;
        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 1);
        simulation.Deployment.Spec!.Template = plan.Updated!.Spec!.Template;
        simulation.Deployment.Metadata.Generation++;

        simulation.RunToCompletion();

        var history = DeploymentRevisions.List(simulation.ReplicaSets);
        Assert.Equal([2L, 3L, 4L], history.Select(static r => r.Revision));
        Assert.Equal((first, "web:1"), (history[^1].ReplicaSet, history[^1].Images.Single()));
        Assert.Equal("4", simulation.Deployment.Metadata.Annotations!["deployment.kubernetes.io/revision"]);
    }

    [Fact]
    public void Plan_UnknownRevision_IsNotFoundNamingIt()
    {
        var simulation = ThreeRevisions();

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 7);

        Assert.Equal((DeploymentRollbackOutcome.RevisionNotFound, "unable to find specified revision 7 in history"), (plan.Outcome, plan.Message));
        Assert.Null(plan.Updated);
    }

    [Fact]
    public void Plan_PreviousOfAFirstRollout_HasNoHistory()
    {
        var simulation = new DeploymentSimulation(Deployment(replicas: 1));
        simulation.RunToCompletion();

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 0);

        Assert.Equal((DeploymentRollbackOutcome.NoHistory, "no rollout history found for deployment \"web\""), (plan.Outcome, plan.Message));
    }

    [Fact]
    public void Plan_CurrentRevision_IsSkippedWithKubectlsMessage()
    {
        var simulation = ThreeRevisions();

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 3);

        Assert.Equal((DeploymentRollbackOutcome.TemplateUnchanged, "skipped rollback (current template already matches revision 3)"), (plan.Outcome, plan.Message));
        Assert.Null(plan.Updated);
    }

    [Fact]
    public void Plan_PausedDeployment_IsRefused()
    {
        var simulation = ThreeRevisions();
        simulation.Deployment.Spec!.Paused = true;

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 1);

        Assert.Equal(DeploymentRollbackOutcome.Paused, plan.Outcome);
        Assert.Contains("cannot rollback a paused deployment", plan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UpdatedAnnotations_AreSetOnTheDeployment()
    {
        var simulation = ThreeRevisions();

        var plan = DeploymentRollbacker.Plan(simulation.Deployment, simulation.ReplicaSets, 1, new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "undo bad release" });

        Assert.Equal("undo bad release", plan.Updated!.Metadata.Annotations!["kubernetes.io/change-cause"]);
    }

    [Fact]
    public void List_ThreeReleases_ListsRevisionsInOrderWithTheirImagesAndCauses()
    {
        var simulation = ThreeRevisions();
        var shuffled = simulation.ReplicaSets.AsEnumerable().Reverse().ToList();

        var history = DeploymentRevisions.List(shuffled);

        Assert.Equal(
            [(1L, "web:1", "first release", 0), (2L, "web:2", "release web:2", 0), (3L, "web:3", "release web:3", 2)],
            history.Select(static r => (r.Revision, r.Images.Single(), r.ChangeCause, r.Replicas)));
        Assert.All(history, r => Assert.False(r.Template!.Metadata!.Labels!.ContainsKey("pod-template-hash")));
        Assert.All(history, r => Assert.StartsWith("web-", r.ReplicaSet, StringComparison.Ordinal));
    }

    [Fact]
    public void List_ReplicaSetWithoutRevision_IsLeftOut()
    {
        var stray = ReplicaSet(replicas: 1);

        Assert.Empty(DeploymentRevisions.List([stray]));
    }
}
