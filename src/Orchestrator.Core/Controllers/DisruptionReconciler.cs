using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// Kubernetes' disruption controller as a pure function: from a PodDisruptionBudget, the pods of its namespace and the
/// controllers that own them, the status (expected, desired and current healthy pods, disruptions allowed).
/// </summary>
public static class DisruptionReconciler
{
    /// <summary>How long a pod granted an eviction is counted as disrupted before the controller stops waiting for its deletion.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    public const string DisruptionAllowedCondition = "DisruptionAllowed";
    public const string SufficientPodsReason = "SufficientPods";
    public const string InsufficientPodsReason = "InsufficientPods";
    public const string SyncFailedReason = "SyncFailed";

    /// <summary>
    /// Computes the status of <paramref name="budget"/>. <paramref name="pods"/> are the pods of its namespace (the
    /// selector is applied here); <paramref name="replicaSets"/> and <paramref name="deployments"/> are the controllers
    /// of that namespace, whose <c>spec.replicas</c> give the expected pod count.
    /// </summary>
    public static DisruptionActions Reconcile(
        PodDisruptionBudget budget, IReadOnlyList<Pod> pods, IReadOnlyList<ReplicaSet> replicaSets, IReadOnlyList<Deployment> deployments, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(replicaSets);
        ArgumentNullException.ThrowIfNull(deployments);

        var events = new List<DisruptionEvent>();
        var spec = budget.Spec ?? new PodDisruptionBudgetSpec();

        // policy/v1: a null selector selects nothing, an empty one every pod of the namespace.
        var selector = Selector.Everything;
        if (spec.Selector is not null && !Selector.TryFromLabelSelector(spec.Selector, out selector, out var selectorError))
        {
            return FailSafe(budget, $"invalid selector: {selectorError}", events, now);
        }

        var selected = spec.Selector is null ? [] : pods.Where(p => p is not null && selector.Matches(p.Metadata.Labels)).ToList();
        if (selected.Count == 0)
        {
            events.Add(new DisruptionEvent(false, "NoPods", "No matching pods found"));
        }

        var (expected, desired, unmanaged, error) = ExpectedPodCount(spec, selected, replicaSets, deployments);
        if (unmanaged.Count > 0)
        {
            events.Add(new DisruptionEvent(true, "UnmanagedPods",
                $"Pods selected by this PodDisruptionBudget (selector: {selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value."));
        }

        if (error is not null)
        {
            events.Add(new DisruptionEvent(true, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {error}"));
            return FailSafe(budget, error, events, now);
        }

        var (disrupted, recheck) = DisruptedPods(selected, budget.Status?.DisruptedPods, now);
        var healthy = CountHealthy(selected, disrupted, now);
        var allowed = healthy - desired;
        if (expected <= 0 || allowed <= 0)
        {
            allowed = 0;
        }

        var status = new PodDisruptionBudgetStatus
        {
            ObservedGeneration = budget.Metadata.Generation,
            DisruptedPods = disrupted.Count == 0 ? null : disrupted,
            DisruptionsAllowed = allowed,
            CurrentHealthy = healthy,
            DesiredHealthy = desired,
            ExpectedPods = expected,
            Conditions = CopyConditions(budget.Status?.Conditions),
        };
        SetDisruptionAllowedCondition(status, now);
        var requeue = recheck is { } at ? at - now : (TimeSpan?)null;
        return new DisruptionActions(SameStatus(budget.Status, status) ? null : status, events, requeue);
    }

    /// <summary>
    /// Kubernetes' <c>UpdateDisruptionAllowedCondition</c>: <c>DisruptionAllowed</c> True (<c>SufficientPods</c>) while
    /// disruptions are allowed, False (<c>InsufficientPods</c>) otherwise; the transition time moves only with the status.
    /// </summary>
    public static void SetDisruptionAllowedCondition(PodDisruptionBudgetStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var allowed = status.DisruptionsAllowed > 0;
        SetCondition(status, allowed ? "True" : "False", allowed ? SufficientPodsReason : InsufficientPodsReason, "", now);
    }

    /// <summary>
    /// The expected pod count and the healthy pods the budget wants, as Kubernetes' <c>getExpectedPodCount</c>: an
    /// integer <c>minAvailable</c> counts the selected pods; a percentage, or <c>maxUnavailable</c>, scales against the
    /// replicas of the owning controllers, percentages rounded up.
    /// </summary>
    internal static (int Expected, int Desired, IReadOnlyList<string> Unmanaged, string? Error) ExpectedPodCount(
        PodDisruptionBudgetSpec spec, IReadOnlyList<Pod> selected, IReadOnlyList<ReplicaSet> replicaSets, IReadOnlyList<Deployment> deployments)
    {
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var (expected, unmanaged, error) = ExpectedScale(selected, replicaSets, deployments);
            if (error is not null)
            {
                return (0, 0, unmanaged, error);
            }

            if (!TryScale(maxUnavailable, expected, out var max, out error))
            {
                return (0, 0, unmanaged, error);
            }

            return (expected, Math.Max(0, expected - max), unmanaged, null);
        }

        if (spec.MinAvailable is { Number: int minimum })
        {
            return (selected.Count, minimum, [], null);
        }

        if (spec.MinAvailable is { } minAvailable)
        {
            var (expected, unmanaged, error) = ExpectedScale(selected, replicaSets, deployments);
            if (error is not null)
            {
                return (0, 0, unmanaged, error);
            }

            return TryScale(minAvailable, expected, out var min, out error) ? (expected, min, unmanaged, null) : (0, 0, unmanaged, error);
        }

        return (0, 0, [], null);
    }

    /// <summary>
    /// The sum of the replicas of the controllers of the selected pods, each controller counted once. A ReplicaSet owned by
    /// a Deployment counts as the Deployment (so the old and new ReplicaSets of a rollout count once); pods without a
    /// controller are left out (Kubernetes' "unmanaged pods"); a controller that cannot be found is an error.
    /// </summary>
    private static (int Expected, IReadOnlyList<string> Unmanaged, string? Error) ExpectedScale(
        IReadOnlyList<Pod> selected, IReadOnlyList<ReplicaSet> replicaSets, IReadOnlyList<Deployment> deployments)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unmanaged = new List<string>();
        var expected = 0;
        foreach (var pod in selected)
        {
            var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (owner is null)
            {
                unmanaged.Add(pod.Metadata.Name ?? "");
                continue;
            }

            if (owner.Uid is { } ownerUid && seen.Contains(ownerUid))
            {
                continue;
            }

            if (ControllerScale(owner, replicaSets, deployments) is not { } scale)
            {
                return (0, unmanaged, $"found no controllers for pod \"{pod.Metadata.Name}\"");
            }

            // A ReplicaSet resolved to its Deployment is remembered under both uids.
            if (seen.Add(scale.Uid))
            {
                expected += scale.Replicas;
            }

            seen.Add(owner.Uid ?? "");
        }

        return (expected, unmanaged, null);
    }

    private static (string Uid, int Replicas)? ControllerScale(OwnerReference owner, IReadOnlyList<ReplicaSet> replicaSets, IReadOnlyList<Deployment> deployments)
    {
        if (owner.Kind != "ReplicaSet" || owner.ApiVersion is not ("apps/v1" or null))
        {
            return null;
        }

        var rs = replicaSets.FirstOrDefault(r => r.Metadata.Name == owner.Name && r.Metadata.Uid == owner.Uid);
        if (rs is null)
        {
            return null;
        }

        var rsOwner = rs.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (rsOwner?.Kind != "Deployment")
        {
            return (rs.Metadata.Uid ?? "", Math.Max(0, rs.Spec?.Replicas ?? 1));
        }

        var deployment = deployments.FirstOrDefault(d => d.Metadata.Name == rsOwner.Name && d.Metadata.Uid == rsOwner.Uid);
        return deployment is null ? null : (deployment.Metadata.Uid ?? "", Math.Max(0, deployment.Spec?.Replicas ?? 1));
    }

    private static bool TryScale(IntOrString value, int total, out int scaled, out string? error)
    {
        if (value.Number is int n)
        {
            scaled = n;
            error = null;
            return true;
        }

        if (!value.IsPercent)
        {
            scaled = 0;
            error = $"invalid value for IntOrString: invalid type: string is not a percentage";
            return false;
        }

        scaled = value.Resolve(total, roundUp: true);
        error = null;
        return true;
    }

    /// <summary>The granted evictions still pending: dropped once the pod is gone, terminating, or overdue by <see cref="DeletionTimeout"/>.</summary>
    private static (Dictionary<string, DateTimeOffset> Disrupted, DateTimeOffset? Recheck) DisruptedPods(
        IReadOnlyList<Pod> selected, Dictionary<string, DateTimeOffset>? previous, DateTimeOffset now)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? recheck = null;
        if (previous is null)
        {
            return (result, recheck);
        }

        foreach (var pod in selected)
        {
            if (pod.Metadata.DeletionTimestamp is not null || pod.Metadata.Name is not { } name || !previous.TryGetValue(name, out var granted))
            {
                continue;
            }

            var expectedDeletion = granted + DeletionTimeout;
            if (expectedDeletion < now)
            {
                continue;
            }

            recheck = recheck is { } earliest && earliest <= expectedDeletion ? earliest : expectedDeletion;
            result[name] = granted;
        }

        return (result, recheck);
    }

    /// <summary>Ready pods that are neither terminating nor granted an eviction that has not timed out.</summary>
    private static int CountHealthy(IReadOnlyList<Pod> selected, Dictionary<string, DateTimeOffset> disrupted, DateTimeOffset now)
    {
        var healthy = 0;
        foreach (var pod in selected)
        {
            if (pod.Metadata.DeletionTimestamp is not null ||
                (pod.Metadata.Name is { } name && disrupted.TryGetValue(name, out var granted) && granted + DeletionTimeout > now))
            {
                continue;
            }

            if (PodState.IsReady(pod))
            {
                healthy++;
            }
        }

        return healthy;
    }

    /// <summary>Kubernetes' <c>failSafe</c>: when the status cannot be computed, no disruption is allowed.</summary>
    private static DisruptionActions FailSafe(PodDisruptionBudget budget, string message, List<DisruptionEvent> events, DateTimeOffset now)
    {
        var previous = budget.Status;
        var status = new PodDisruptionBudgetStatus
        {
            ObservedGeneration = budget.Metadata.Generation,
            DisruptedPods = previous?.DisruptedPods,
            DisruptionsAllowed = 0,
            CurrentHealthy = previous?.CurrentHealthy ?? 0,
            DesiredHealthy = previous?.DesiredHealthy ?? 0,
            ExpectedPods = previous?.ExpectedPods ?? 0,
            Conditions = CopyConditions(previous?.Conditions),
        };
        SetCondition(status, "False", SyncFailedReason, message, now);
        return new DisruptionActions(SameStatus(previous, status) ? null : status, events, null);
    }

    private static void SetCondition(PodDisruptionBudgetStatus status, string value, string reason, string message, DateTimeOffset now)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == DisruptionAllowedCondition);
        if (existing is null)
        {
            existing = new PodDisruptionBudgetCondition { Type = DisruptionAllowedCondition };
            status.Conditions.Add(existing);
        }

        if (existing.Status != value || existing.LastTransitionTime is null)
        {
            existing.LastTransitionTime = now;
        }

        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = status.ObservedGeneration;
    }

    private static List<PodDisruptionBudgetCondition>? CopyConditions(List<PodDisruptionBudgetCondition>? conditions) =>
        conditions is null
            ? null
            : [.. conditions.Where(c => c is not null).Select(c => new PodDisruptionBudgetCondition
            {
                Type = c.Type,
                Status = c.Status,
                ObservedGeneration = c.ObservedGeneration,
                LastTransitionTime = c.LastTransitionTime,
                Reason = c.Reason,
                Message = c.Message,
            })];

    private static bool SameStatus(PodDisruptionBudgetStatus? a, PodDisruptionBudgetStatus b)
    {
        if (a is null)
        {
            return false;
        }

        return a.ObservedGeneration == b.ObservedGeneration && a.DisruptionsAllowed == b.DisruptionsAllowed &&
            a.CurrentHealthy == b.CurrentHealthy && a.DesiredHealthy == b.DesiredHealthy && a.ExpectedPods == b.ExpectedPods &&
            SameMap(a.DisruptedPods, b.DisruptedPods) && SameConditions(a.Conditions, b.Conditions);
    }

    private static bool SameMap(Dictionary<string, DateTimeOffset>? a, Dictionary<string, DateTimeOffset>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(p => b!.TryGetValue(p.Key, out var t) && t == p.Value));

    private static bool SameConditions(List<PodDisruptionBudgetCondition>? a, List<PodDisruptionBudgetCondition>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) &&
        (a is null || a.Zip(b!).All(p => p.First.Type == p.Second.Type && p.First.Status == p.Second.Status && p.First.Reason == p.Second.Reason &&
            (p.First.Message ?? "") == (p.Second.Message ?? "") && p.First.ObservedGeneration == p.Second.ObservedGeneration &&
            p.First.LastTransitionTime == p.Second.LastTransitionTime));
}
