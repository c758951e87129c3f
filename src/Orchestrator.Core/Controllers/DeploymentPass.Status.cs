using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>Status and conditions, as Kubernetes' <c>calculateStatus</c>, <c>syncRolloutStatus</c> and <c>checkPausedConditions</c>.</summary>
internal sealed partial class DeploymentPass
{
    private void CheckPausedConditions()
    {
        if (!HasProgressDeadline)
        {
            return;
        }

        var progressing = DeploymentConditions.Get(_conditions, DeploymentConditions.Progressing);
        if (progressing?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            // A reported lack of progress is not overwritten by pausing.
            return;
        }

        var pausedNoted = progressing?.Reason == DeploymentConditions.DeploymentPaused;
        if (Paused && !pausedNoted)
        {
            DeploymentConditions.Set(_conditions, DeploymentConditions.Create(
                DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", _now));
        }
        else if (!Paused && pausedNoted)
        {
            DeploymentConditions.Set(_conditions, DeploymentConditions.Create(
                DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", _now));
        }
    }

    private DeploymentStatus CalculateStatus()
    {
        var available = _all.Sum(static rs => rs.AvailableReplicas);

        // As Kubernetes: unavailable counts against the replicas the ReplicaSets want, surge included.
        var unavailable = Math.Max(0, _all.Sum(static rs => rs.Replicas) - available);
        var status = new DeploymentStatus
        {
            ObservedGeneration = _deployment.Metadata.Generation,
            Replicas = _all.Sum(static rs => rs.StatusReplicas),
            UpdatedReplicas = _new?.StatusReplicas ?? 0,
            ReadyReplicas = _all.Sum(static rs => rs.ReadyReplicas),
            AvailableReplicas = available,
            UnavailableReplicas = unavailable,
            CollisionCount = _collisionCount,
            Conditions = [.. _conditions],
        };

        DeploymentConditions.Set(status.Conditions, available >= Replicas - MaxUnavailable
            ? DeploymentConditions.Create(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", _now)
            : DeploymentConditions.Create(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", _now));
        return status;
    }

    private DeploymentStatus RolloutStatus()
    {
        var status = CalculateStatus();
        var conditions = status.Conditions!;
        if (!HasProgressDeadline)
        {
            DeploymentConditions.Remove(conditions, DeploymentConditions.Progressing);
        }

        var current = DeploymentConditions.Get(_conditions, DeploymentConditions.Progressing);
        var rolledOut = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        if (HasProgressDeadline && !rolledOut)
        {
            var subject = _new is null ? $"Deployment \"{_deployment.Metadata.Name}\"" : $"ReplicaSet \"{_new.Name}\"";
            if (IsComplete(status))
            {
                DeploymentConditions.Set(conditions, DeploymentConditions.Create(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, $"{subject} has successfully progressed.", _now));
            }
            else if (MadeProgress(_deployment.Status, status))
            {
                // Progress refreshes lastUpdateTime even when the reason stays, which restarts the deadline.
                var progressing = DeploymentConditions.Create(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, $"{subject} is progressing.", _now);
                if (current is not null)
                {
                    if (current.Status == "True")
                    {
                        progressing.LastTransitionTime = current.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(conditions, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(conditions, progressing);
            }
            else if (TimedOut(conditions))
            {
                DeploymentConditions.Set(conditions, DeploymentConditions.Create(
                    DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, $"{subject} has timed out progressing.", _now));
            }
        }

        if (ReplicaFailure() is { } failure)
        {
            DeploymentConditions.Set(conditions, failure);
        }
        else
        {
            DeploymentConditions.Remove(conditions, DeploymentConditions.ReplicaFailure);
        }

        return status;
    }

    /// <summary>Kubernetes' <c>DeploymentComplete</c>: every replica updated and available, and the status is current.</summary>
    private bool IsComplete(DeploymentStatus? status) =>
        status is not null &&
        status.UpdatedReplicas == Replicas &&
        status.Replicas == Replicas &&
        status.AvailableReplicas == Replicas &&
        (status.ObservedGeneration ?? 0) >= (_deployment.Metadata.Generation ?? 0);

    private static bool MadeProgress(DeploymentStatus? before, DeploymentStatus after)
    {
        var oldBefore = (before?.Replicas ?? 0) - (before?.UpdatedReplicas ?? 0);
        var oldAfter = (after.Replicas ?? 0) - (after.UpdatedReplicas ?? 0);
        return after.UpdatedReplicas > (before?.UpdatedReplicas ?? 0) ||
            oldAfter < oldBefore ||
            after.ReadyReplicas > (before?.ReadyReplicas ?? 0) ||
            after.AvailableReplicas > (before?.AvailableReplicas ?? 0);
    }

    private bool TimedOut(List<WorkloadCondition> conditions)
    {
        var progressing = DeploymentConditions.Get(conditions, DeploymentConditions.Progressing);
        return progressing?.Reason switch
        {
            null or DeploymentConditions.NewReplicaSetAvailable => false,
            DeploymentConditions.ProgressDeadlineExceeded => true,
            _ => progressing.LastUpdateTime is { } from && from + ProgressDeadline < _now,
        };
    }

    /// <summary>A <c>ReplicaFailure</c> of the new ReplicaSet, else of any other, carried over to the Deployment.</summary>
    private WorkloadCondition? ReplicaFailure()
    {
        var source = FailureOf(_new) ?? _all.Select(FailureOf).FirstOrDefault(static c => c is not null);
        return source is null
            ? null
            : new WorkloadCondition
            {
                Type = DeploymentConditions.ReplicaFailure,
                Status = source.Status,
                Reason = source.Reason,
                Message = source.Message,
                LastTransitionTime = source.LastTransitionTime,
                LastUpdateTime = source.LastTransitionTime,
            };

        static WorkloadCondition? FailureOf(TrackedReplicaSet? replicaSet) =>
            replicaSet?.Current.Status?.Conditions?.Find(static c => c?.Type == DeploymentConditions.ReplicaFailure);
    }

    private static bool StatusEquals(DeploymentStatus? stored, DeploymentStatus computed)
    {
        if (stored is null ||
            stored.ObservedGeneration != computed.ObservedGeneration ||
            stored.Replicas != computed.Replicas ||
            stored.UpdatedReplicas != computed.UpdatedReplicas ||
            stored.ReadyReplicas != computed.ReadyReplicas ||
            stored.AvailableReplicas != computed.AvailableReplicas ||
            stored.UnavailableReplicas != computed.UnavailableReplicas ||
            stored.CollisionCount != computed.CollisionCount)
        {
            return false;
        }

        var before = stored.Conditions ?? [];
        var after = computed.Conditions ?? [];
        if (before.Count != after.Count)
        {
            return false;
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (before[i] is null || !DeploymentConditions.SameAs(before[i], after[i]))
            {
                return false;
            }
        }

        return true;
    }
}
