namespace Orchestrator.Core.Controllers;

/// <summary>Scaling: the rollout strategies, proportional scaling and history clean-up (Kubernetes' rolling.go, recreate.go, sync.go).</summary>
internal sealed partial class DeploymentPass
{
    private void RolloutRolling()
    {
        EnsureNewReplicaSet();

        // One step a pass, as Kubernetes: scale up if possible, else scale down if possible, else clean up.
        if (ReconcileNewReplicaSet() || ReconcileOldReplicaSets())
        {
            return;
        }

        if (IsComplete(_deployment.Status))
        {
            CleanUp();
        }
    }

    private void RolloutRecreate()
    {
        // Scale every old ReplicaSet to zero first, and start the new one only when no old pod is left.
        var scaledDown = false;
        foreach (var old in Old.Where(static rs => rs.Replicas > 0).ToList())
        {
            scaledDown |= ScaleTo(old, 0);
        }

        if (scaledDown || Old.Sum(static rs => rs.StatusReplicas) > 0)
        {
            return;
        }

        EnsureNewReplicaSet();
        ScaleTo(_new!, Replicas);
        if (IsComplete(_deployment.Status))
        {
            CleanUp();
        }
    }

    private bool ReconcileNewReplicaSet()
    {
        var replicaSet = _new!;
        if (replicaSet.Replicas == Replicas)
        {
            return false;
        }

        return ScaleTo(replicaSet, replicaSet.Replicas > Replicas ? Replicas : NewReplicaSetReplicas());
    }

    /// <summary>Kubernetes' <c>NewRSNewReplicas</c> for RollingUpdate: grow the new ReplicaSet as far as maxSurge allows.</summary>
    private int NewReplicaSetReplicas()
    {
        var current = _new?.Replicas ?? 0;
        var total = _all.Sum(static rs => rs.Replicas);
        var maxTotal = Replicas + MaxSurge;
        if (total >= maxTotal)
        {
            return current;
        }

        return current + Math.Min(maxTotal - total, Replicas - current);
    }

    /// <summary>
    /// Kubernetes' <c>reconcileOldReplicaSets</c>: scale old ReplicaSets down without letting availability drop below
    /// replicas − maxUnavailable, counting the new ReplicaSet's not-yet-available pods as unavailable; unhealthy old
    /// pods go first since removing them costs no availability.
    /// </summary>
    private bool ReconcileOldReplicaSets()
    {
        var old = Old.Where(static rs => rs.Replicas > 0).ToList();
        if (old.Count == 0)
        {
            return false;
        }

        var minAvailable = Replicas - MaxUnavailable;
        var newUnavailable = _new!.Replicas - _new.AvailableReplicas;
        var maxScaledDown = _all.Sum(static rs => rs.Replicas) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        old.Sort(TrackedReplicaSet.ByCreation);
        var cleaned = 0;
        foreach (var replicaSet in old)
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var unhealthy = replicaSet.Replicas - replicaSet.AvailableReplicas;
            if (unhealthy <= 0)
            {
                continue;
            }

            var count = Math.Min(maxScaledDown - cleaned, unhealthy);
            ScaleTo(replicaSet, replicaSet.Replicas - count);
            cleaned += count;
        }

        var available = _all.Sum(static rs => rs.AvailableReplicas);
        var scaledDown = 0;
        if (available > minAvailable)
        {
            var toScaleDown = available - minAvailable;
            foreach (var replicaSet in old)
            {
                if (scaledDown >= toScaleDown)
                {
                    break;
                }

                if (replicaSet.Replicas == 0)
                {
                    continue;
                }

                var count = Math.Min(replicaSet.Replicas, toScaleDown - scaledDown);
                ScaleTo(replicaSet, replicaSet.Replicas - count);
                scaledDown += count;
            }
        }

        return cleaned + scaledDown > 0;
    }

    /// <summary>Kubernetes' <c>isScalingEvent</c>: an active ReplicaSet was sized for another replica count.</summary>
    private bool IsScalingEvent() =>
        _all.Exists(rs => rs.Replicas > 0 && rs.ReadInt(DeploymentReconciler.DesiredReplicasAnnotation) is int desired && desired != Replicas);

    /// <summary>
    /// Kubernetes' <c>scale</c>: with one active ReplicaSet (or none: the newest), size it to replicas; with a
    /// saturated new ReplicaSet, empty the old ones; otherwise share the change among the active ReplicaSets in
    /// proportion to their sizes.
    /// </summary>
    private void Scale()
    {
        if (ActiveOrLatest() is { } single)
        {
            // Unlike Kubernetes, also repair a stale desired-replicas annotation at the right size; left alone it would
            // make every pass a scaling event and hold back any rollout.
            ScaleReplicaSet(single, Replicas);
            return;
        }

        if (IsSaturated(_new))
        {
            foreach (var old in Old.Where(static rs => rs.Replicas > 0).ToList())
            {
                ScaleTo(old, 0);
            }

            return;
        }

        if (IsRolling)
        {
            ScaleProportionally();
        }
    }

    private TrackedReplicaSet? ActiveOrLatest()
    {
        var oldNewestFirst = Old.ToList();
        if (_new is null && oldNewestFirst.Count == 0)
        {
            return null;
        }

        oldNewestFirst.Sort(static (x, y) => TrackedReplicaSet.ByCreation(y, x));
        var active = oldNewestFirst.Append(_new).Where(static rs => rs is { Replicas: > 0 }).ToList();
        return active.Count switch
        {
            0 => _new ?? oldNewestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    private bool IsSaturated(TrackedReplicaSet? replicaSet) =>
        replicaSet is not null &&
        replicaSet.ReadInt(DeploymentReconciler.DesiredReplicasAnnotation) == Replicas &&
        replicaSet.Replicas == Replicas &&
        replicaSet.AvailableReplicas == Replicas;

    private void ScaleProportionally()
    {
        var active = _all.Where(static rs => rs.Replicas > 0).ToList();
        var allowed = Replicas > 0 ? Replicas + MaxSurge : 0;
        var toAdd = allowed - active.Sum(static rs => rs.Replicas);

        // Larger first; among equals, newer first when growing and older first when shrinking.
        active.Sort((x, y) =>
        {
            var bySize = y.Replicas.CompareTo(x.Replicas);
            if (bySize != 0)
            {
                return bySize;
            }

            return toAdd > 0 ? TrackedReplicaSet.ByCreation(y, x) : TrackedReplicaSet.ByCreation(x, y);
        });

        var sizes = new int[active.Count];
        var added = 0;
        for (var i = 0; i < active.Count; i++)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(active[i], toAdd, added);
            sizes[i] = active[i].Replicas + proportion;
            added += proportion;
        }

        if (active.Count > 0 && toAdd != 0)
        {
            // Rounding leftovers go to the largest ReplicaSet.
            sizes[0] = Math.Max(0, sizes[0] + toAdd - added);
        }

        for (var i = 0; i < active.Count; i++)
        {
            ScaleReplicaSet(active[i], sizes[i]);
        }
    }

    private int Proportion(TrackedReplicaSet replicaSet, int toAdd, int added)
    {
        if (replicaSet.Replicas == 0 || toAdd == added)
        {
            return 0;
        }

        var fraction = Fraction(replicaSet);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private int Fraction(TrackedReplicaSet replicaSet)
    {
        if (Replicas == 0)
        {
            return -replicaSet.Replicas;
        }

        var maxReplicas = Replicas + MaxSurge;
        var before = replicaSet.ReadInt(DeploymentReconciler.MaxReplicasAnnotation) is int annotated and not 0
            ? annotated
            : _deployment.Status?.Replicas ?? 0;
        if (before == 0)
        {
            return 0;
        }

        var scaled = (double)replicaSet.Replicas * maxReplicas / before;
        return (int)Math.Round(scaled, MidpointRounding.AwayFromZero) - replicaSet.Replicas;
    }

    /// <summary>Kubernetes' <c>scaleReplicaSetAndRecordEvent</c>: nothing to do when the size is already right.</summary>
    private bool ScaleTo(TrackedReplicaSet replicaSet, int replicas)
    {
        if (replicaSet.Replicas == replicas)
        {
            return false;
        }

        ScaleReplicaSet(replicaSet, replicas);
        return true;
    }

    /// <summary>Kubernetes' <c>scaleReplicaSet</c>: a size change also records the Deployment's size in the annotations.</summary>
    private void ScaleReplicaSet(TrackedReplicaSet replicaSet, int replicas)
    {
        if (replicaSet.Replicas == replicas && !ReplicasAnnotationsNeedUpdate(replicaSet))
        {
            return;
        }

        replicaSet.SetReplicas(replicas);
        SetReplicasAnnotations(replicaSet);
    }

    /// <summary>
    /// Kubernetes' <c>cleanupDeployment</c>: beyond <c>revisionHistoryLimit</c> old ReplicaSets, delete the lowest
    /// revisions first, but only those with no replicas wanted or running and a status that has caught up.
    /// </summary>
    private void CleanUp()
    {
        var cleanable = Old.Where(static rs => rs.Current.Metadata.DeletionTimestamp is null).ToList();
        var excess = cleanable.Count - RevisionHistoryLimit;
        if (excess <= 0)
        {
            return;
        }

        cleanable.Sort(static (x, y) =>
        {
            var byRevision = x.Revision.CompareTo(y.Revision);
            return byRevision != 0 ? byRevision : TrackedReplicaSet.ByCreation(x, y);
        });

        foreach (var replicaSet in cleanable.Take(excess))
        {
            var observed = replicaSet.Observed!;
            if (observed.Status?.Replicas is not (null or 0) || replicaSet.Replicas != 0 ||
                (observed.Metadata.Generation ?? 0) > (observed.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            _deleted.Add(observed);
        }
    }
}
