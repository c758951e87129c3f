using System.Globalization;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>
/// A Deployment, its ReplicaSets and a clock, with the runner's job (apply the actions) and a stand-in for the
/// ReplicaSet controller and the nodes: each ReplicaSet gets its pods at once, and a pod is available from the step
/// after it was created.
/// </summary>
internal sealed class DeploymentSimulation
{
    private int _uids;

    public DeploymentSimulation(Deployment deployment) => Deployment = deployment;

    public Deployment Deployment { get; }

    public List<ReplicaSet> ReplicaSets { get; } = [];

    public DateTimeOffset Now { get; set; } = ControllerFixtures.Now;

    public ReplicaSet Current => ReplicaSets.Single(rs => rs.Spec!.Template!.Spec!.Containers![0].Image == Deployment.Spec!.Template!.Spec!.Containers![0].Image);

    public int TotalReplicas => ReplicaSets.Sum(static rs => rs.Spec!.Replicas ?? 0);

    public int TotalAvailable => ReplicaSets.Sum(static rs => rs.Status?.AvailableReplicas ?? 0);

    public DeploymentActions Reconcile() => DeploymentReconciler.Reconcile(Deployment, ReplicaSets, Now);

    /// <summary>Reconciles and applies the actions as the runner would.</summary>
    public DeploymentActions Step()
    {
        var actions = Reconcile();
        foreach (var created in actions.ReplicaSetsToCreate)
        {
            created.Metadata.Uid = $"rs-uid-{++_uids}";
            created.Metadata.CreationTimestamp = Now;
            created.Metadata.Generation = 1;
            ReplicaSets.Add(created);
        }

        foreach (var updated in actions.ReplicaSetsToUpdate)
        {
            var index = ReplicaSets.FindIndex(rs => rs.Metadata.Name == updated.Metadata.Name);
            updated.Metadata.Generation = (updated.Metadata.Generation ?? 1) + 1;
            ReplicaSets[index] = updated;
        }

        foreach (var deleted in actions.ReplicaSetsToDelete)
        {
            ReplicaSets.RemoveAll(rs => rs.Metadata.Name == deleted.Metadata.Name);
        }

        if (actions.Status is not null)
        {
            Deployment.Status = actions.Status;
        }

        if (actions.Revision is not null)
        {
            (Deployment.Metadata.Annotations ??= [])[DeploymentReconciler.RevisionAnnotation] = actions.Revision;
        }

        return actions;
    }

    /// <summary>Ten seconds of the ReplicaSet controller and the kubelets.</summary>
    public void RunPods()
    {
        foreach (var rs in ReplicaSets)
        {
            var before = rs.Status?.Replicas ?? 0;
            var wanted = rs.Spec!.Replicas ?? 0;
            var available = Math.Min(wanted, before);
            rs.Status = new ReplicaSetStatus
            {
                Replicas = wanted,
                FullyLabeledReplicas = wanted,
                ReadyReplicas = available,
                AvailableReplicas = available,
                ObservedGeneration = rs.Metadata.Generation,
            };
        }

        Now = Now.AddSeconds(10);
    }

    /// <summary>Steps until a reconcile has nothing left to do; returns the number of steps.</summary>
    public int RunToCompletion(Action? afterEachStep = null, int maxSteps = 100)
    {
        for (var step = 1; step <= maxSteps; step++)
        {
            Step();
            afterEachStep?.Invoke();
            RunPods();
            afterEachStep?.Invoke();
            if (Reconcile().IsEmpty)
            {
                return step;
            }
        }

        throw new InvalidOperationException($"no steady state after {maxSteps} steps");
    }

    public void ChangeImage(string image)
    {
        Deployment.Spec!.Template!.Spec!.Containers![0].Image = image;
        Deployment.Metadata.Generation = (Deployment.Metadata.Generation ?? 1) + 1;
    }

    public void Scale(int replicas)
    {
        Deployment.Spec!.Replicas = replicas;
        Deployment.Metadata.Generation = (Deployment.Metadata.Generation ?? 1) + 1;
    }

    public static long RevisionOf(ReplicaSet rs) =>
        long.Parse(rs.Metadata.Annotations![DeploymentReconciler.RevisionAnnotation], CultureInfo.InvariantCulture);
}
