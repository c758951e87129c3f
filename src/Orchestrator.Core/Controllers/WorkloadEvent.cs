namespace Orchestrator.Core.Controllers;

/// <summary>
/// An event a workload controller reports about the object it reconciles (the Deployment for the Deployment
/// controller, the ReplicaSet for the ReplicaSet controller), with Kubernetes' reasons and wording. The loop records
/// it once the actions it describes are committed.
/// </summary>
/// <param name="Warning">True for a <c>Warning</c> event, false for a <c>Normal</c> one.</param>
/// <param name="Reason">Kubernetes' reason: <c>ScalingReplicaSet</c>, <c>SuccessfulCreate</c>, <c>SuccessfulDelete</c>...</param>
/// <param name="Message">Kubernetes' message, such as <c>Scaled up replica set web-7d9c from 0 to 3</c>.</param>
public sealed record WorkloadEvent(bool Warning, string Reason, string Message)
{
    /// <summary>The Deployment controller's reason for every size change of a ReplicaSet.</summary>
    public const string ScalingReplicaSet = "ScalingReplicaSet";

    /// <summary>The ReplicaSet controller's reason for a pod it created.</summary>
    public const string SuccessfulCreate = "SuccessfulCreate";

    /// <summary>The ReplicaSet controller's reason for a pod it deleted.</summary>
    public const string SuccessfulDelete = "SuccessfulDelete";

    /// <summary>Both controllers' reason when creating a ReplicaSet or a pod was refused.</summary>
    public const string FailedCreate = "FailedCreate";

    /// <summary>Kubernetes' <c>scaleReplicaSetAndRecordEvent</c> message.</summary>
    public static WorkloadEvent Scaled(string replicaSet, int from, int to) =>
        new(false, ScalingReplicaSet, $"Scaled {(to > from ? "up" : "down")} replica set {replicaSet} from {from} to {to}");

    /// <summary>The ReplicaSet controller's message for a pod it created.</summary>
    public static WorkloadEvent CreatedPod(string pod) => new(false, SuccessfulCreate, $"Created pod: {pod}");

    /// <summary>The ReplicaSet controller's message for a pod it deleted.</summary>
    public static WorkloadEvent DeletedPod(string pod) => new(false, SuccessfulDelete, $"Deleted pod: {pod}");

    /// <summary>The ReplicaSet controller's message when the API refused its pods.</summary>
    public static WorkloadEvent FailedPodCreate(string error) => new(true, FailedCreate, $"Error creating: {error}");

    /// <summary>The Deployment controller's message when the API refused its new ReplicaSet.</summary>
    public static WorkloadEvent FailedReplicaSetCreate(string replicaSet, string error) =>
        new(true, FailedCreate, $"Failed to create new replica set \"{replicaSet}\": {error}");
}
