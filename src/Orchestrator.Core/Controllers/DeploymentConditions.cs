using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>Deployment condition types, reasons and Kubernetes' rules for setting them (<c>deploymentutil.SetDeploymentCondition</c>).</summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";

    public static WorkloadCondition Create(string type, string status, string reason, string message, DateTimeOffset now) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };

    public static WorkloadCondition? Get(List<WorkloadCondition> conditions, string type) =>
        conditions.Find(c => c.Type == type);

    public static void Remove(List<WorkloadCondition> conditions, string type) =>
        conditions.RemoveAll(c => c.Type == type);

    /// <summary>
    /// Replaces the condition of the same type unless status and reason are unchanged; keeps the old transition time
    /// when only the reason changed. As in Kubernetes, a replaced condition moves to the end.
    /// </summary>
    public static void Set(List<WorkloadCondition> conditions, WorkloadCondition condition)
    {
        var current = Get(conditions, condition.Type!);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        Remove(conditions, condition.Type!);
        conditions.Add(condition);
    }

    public static bool SameAs(WorkloadCondition x, WorkloadCondition y) =>
        x.Type == y.Type && x.Status == y.Status && x.Reason == y.Reason && x.Message == y.Message &&
        x.LastUpdateTime == y.LastUpdateTime && x.LastTransitionTime == y.LastTransitionTime;
}
