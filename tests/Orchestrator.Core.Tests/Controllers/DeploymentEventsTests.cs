using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>The ScalingReplicaSet events the Deployment controller reports, in Kubernetes' words.</summary>
public sealed class DeploymentEventsTests
{
    [Fact]
    public void Reconcile_FirstRollout_ReportsScalingUpTheNewReplicaSetFromZero()
    {
        var actions = DeploymentReconciler.Reconcile(Deployment(replicas: 3), [], Now);

        var name = actions.ReplicaSetsToCreate[0].Metadata.Name;
        var scaled = Assert.Single(actions.Events);
        Assert.Equal((false, "ScalingReplicaSet", $"Scaled up replica set {name} from 0 to 3"), (scaled.Warning, scaled.Reason, scaled.Message));
    }

    [Fact]
    public void Reconcile_ZeroReplicas_ReportsNoScaling()
    {
        var actions = DeploymentReconciler.Reconcile(Deployment(replicas: 0), [], Now);

        Assert.Single(actions.ReplicaSetsToCreate);
        Assert.Empty(actions.Events);
    }

    [Fact]
    public void Reconcile_ScaledDown_ReportsScalingDownFromTheOldSize()
    {
        var simulation = new DeploymentSimulation(Deployment(replicas: 5));
        simulation.RunToCompletion();
        simulation.Scale(2);

        var actions = simulation.Reconcile();

        var scaled = Assert.Single(actions.Events);
        Assert.Equal($"Scaled down replica set {simulation.Current.Metadata.Name} from 5 to 2", scaled.Message);
    }

    [Fact]
    public void Reconcile_RollingUpdate_ReportsEachStepUpAndDown()
    {
        var simulation = new DeploymentSimulation(Deployment(replicas: 4, maxSurge: IntOrString.FromInt(1), maxUnavailable: IntOrString.FromInt(1)));
        simulation.RunToCompletion();
        var old = simulation.Current.Metadata.Name;
        simulation.ChangeImage("web:2");

        var first = simulation.Step();

        var created = first.ReplicaSetsToCreate[0].Metadata.Name;
        Assert.Equal(
            [$"Scaled down replica set {old} from 4 to 3", $"Scaled up replica set {created} from 0 to 1"],
            first.Events.Select(static e => e.Message).Order(StringComparer.Ordinal));
        Assert.All(first.Events, e => Assert.Equal("ScalingReplicaSet", e.Reason));
    }

    [Fact]
    public void Reconcile_RolledOut_ReportsNothing()
    {
        var simulation = new DeploymentSimulation(Deployment(replicas: 3));
        simulation.RunToCompletion();

        Assert.Empty(simulation.Reconcile().Events);
    }

    [Fact]
    public void Reconcile_WholeRollingUpdate_EndsWithTheNewReplicaSetScaledUpAndTheOldOneAtZero()
    {
        var simulation = new DeploymentSimulation(Deployment(replicas: 3));
        simulation.RunToCompletion();
        var old = simulation.Current.Metadata.Name;
        simulation.ChangeImage("web:2");
        var events = new List<WorkloadEvent>();

        for (var i = 0; i < 50 && !simulation.Reconcile().IsEmpty; i++)
        {
            events.AddRange(simulation.Step().Events);
            simulation.RunPods();
        }

        var current = simulation.Current.Metadata.Name;
        Assert.Contains(events, e => e.Message.StartsWith($"Scaled up replica set {current} from ", StringComparison.Ordinal) && e.Message.EndsWith(" to 3", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message.StartsWith($"Scaled down replica set {old} from ", StringComparison.Ordinal) && e.Message.EndsWith(" to 0", StringComparison.Ordinal));
        Assert.All(events, e => Assert.False(e.Warning));
    }
}
