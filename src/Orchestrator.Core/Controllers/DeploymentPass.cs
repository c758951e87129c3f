using System.Globalization;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// One reconcile of one Deployment: private copies of its ReplicaSets that the steps change in place, mirroring the
/// order of Kubernetes' deployment controller, and the actions that result.
/// </summary>
internal sealed partial class DeploymentPass
{
    // Kubernetes' --deployment-controller revision-history annotation limit, in characters.
    private const int RevisionHistoryLimitInChars = 2000;

    private readonly Deployment _deployment;
    private readonly DateTimeOffset _now;
    private readonly List<TrackedReplicaSet> _all = [];
    private readonly List<ReplicaSet> _deleted = [];

    // The stored conditions as this pass amends them before computing the status (Kubernetes amends d.Status in place).
    private readonly List<WorkloadCondition> _conditions;
    private TrackedReplicaSet? _new;
    private int? _collisionCount;
    private string? _revision;

    public DeploymentPass(Deployment deployment, IReadOnlyList<ReplicaSet> ownedReplicaSets, DateTimeOffset now)
    {
        _deployment = deployment;
        _now = now;
        var spec = deployment.Spec;
        Replicas = Math.Max(0, spec?.Replicas ?? 1);
        IsRolling = spec?.Strategy?.Type is null or "" or "RollingUpdate";
        Paused = spec?.Paused == true;
        MinReadySeconds = Math.Max(0, spec?.MinReadySeconds ?? 0);
        RevisionHistoryLimit = Math.Max(0, spec?.RevisionHistoryLimit ?? ObjectDefaults.DefaultDeploymentRevisionHistoryLimit);
        var deadline = spec?.ProgressDeadlineSeconds ?? ObjectDefaults.DefaultDeploymentProgressDeadlineSeconds;
        HasProgressDeadline = deadline != int.MaxValue;
        ProgressDeadline = TimeSpan.FromSeconds(deadline);
        (MaxSurge, MaxUnavailable) = ResolveFenceposts();

        _collisionCount = deployment.Status?.CollisionCount;
        _conditions = deployment.Status?.Conditions is { } conditions ? [.. conditions.Where(static c => c is not null)] : [];

        foreach (var replicaSet in ownedReplicaSets)
        {
            if (replicaSet is not null)
            {
                _all.Add(new TrackedReplicaSet(replicaSet, ObjectCopy.Clone(replicaSet), replicaSet.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue));
            }
        }

        _all.Sort(TrackedReplicaSet.ByCreation);

        // Kubernetes' FindNewReplicaSet: the oldest ReplicaSet whose template equals ours, ignoring the hash label.
        var templateKey = PodTemplateHash.EqualityKey(spec?.Template);
        _new = _all.Find(rs => PodTemplateHash.EqualityKey(rs.Current.Spec?.Template) == templateKey);
    }

    private int Replicas { get; }

    private bool IsRolling { get; }

    private bool Paused { get; }

    private int MinReadySeconds { get; }

    private int RevisionHistoryLimit { get; }

    private bool HasProgressDeadline { get; }

    private TimeSpan ProgressDeadline { get; }

    /// <summary>How far above <see cref="Replicas"/> a rollout may go (0 for Recreate).</summary>
    private int MaxSurge { get; }

    /// <summary>How far below <see cref="Replicas"/> availability may drop (0 for Recreate or no replicas).</summary>
    private int MaxUnavailable { get; }

    private IEnumerable<TrackedReplicaSet> Old => _all.Where(rs => rs != _new);

    public DeploymentActions Run()
    {
        if (_deployment.Metadata.DeletionTimestamp is not null)
        {
            return Finish(CalculateStatus());
        }

        CheckPausedConditions();
        SyncNewReplicaSet();
        if (Paused)
        {
            // Kubernetes still scales a paused Deployment (kubectl scale works); it only holds back the rollout.
            Scale();
            CleanUp();
            return Finish(CalculateStatus());
        }

        if (IsScalingEvent())
        {
            Scale();
            return Finish(CalculateStatus());
        }

        if (IsRolling)
        {
            RolloutRolling();
        }
        else
        {
            RolloutRecreate();
        }

        return Finish(RolloutStatus());
    }

    private DeploymentActions Finish(DeploymentStatus status)
    {
        var deleted = new HashSet<ReplicaSet>(_deleted, ReferenceEqualityComparer.Instance);
        var creates = _all.Where(static rs => rs.IsCreated).Select(static rs => rs.Current).ToList();
        var updates = _all.Where(rs => !rs.IsCreated && rs.IsChanged && !deleted.Contains(rs.Observed!)).Select(static rs => rs.Current).ToList();
        return new DeploymentActions(creates, updates, [.. _deleted], StatusEquals(_deployment.Status, status) ? null : status, _revision)
        {
            Events = ScalingEvents(deleted),
        };
    }

    /// <summary>
    /// Kubernetes' <c>ScalingReplicaSet</c> events: one per ReplicaSet whose size this pass changed, from its stored
    /// size (0 for one created now) to its new one.
    /// </summary>
    private List<WorkloadEvent> ScalingEvents(HashSet<ReplicaSet> deleted)
    {
        var events = new List<WorkloadEvent>();
        foreach (var replicaSet in _all)
        {
            var before = replicaSet.IsCreated ? 0 : replicaSet.Observed!.Spec?.Replicas ?? 1;
            if ((replicaSet.IsCreated || (replicaSet.IsChanged && !deleted.Contains(replicaSet.Observed!))) && replicaSet.Replicas != before)
            {
                events.Add(WorkloadEvent.Scaled(replicaSet.Name, before, replicaSet.Replicas));
            }
        }

        return events;
    }

    private (int Surge, int Unavailable) ResolveFenceposts()
    {
        if (!IsRolling)
        {
            return (0, 0);
        }

        var rolling = _deployment.Spec?.Strategy?.RollingUpdate;
        var surge = Resolve(rolling?.MaxSurge, roundUp: true);
        var unavailable = Resolve(rolling?.MaxUnavailable, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            // Kubernetes: a rollout must be able to make progress, so one pod may be unavailable.
            unavailable = 1;
        }

        return (surge, Replicas == 0 ? 0 : Math.Min(unavailable, Replicas));
    }

    private int Resolve(IntOrString? value, bool roundUp)
    {
        value ??= IntOrString.FromString(ObjectDefaults.DefaultRollingUpdatePercent);
        if (value.Number is null && !value.IsPercent)
        {
            // Validation refuses this; resolving to 0 keeps a slipped-through value to the most careful rollout.
            return 0;
        }

        return Math.Max(0, value.Resolve(Replicas, roundUp));
    }

    /// <summary>
    /// Kubernetes' <c>getNewReplicaSet</c> for an existing ReplicaSet: bring its annotations (revision, copied
    /// Deployment annotations) and <c>minReadySeconds</c> up to date, and note the revision on the Deployment.
    /// </summary>
    private void SyncNewReplicaSet()
    {
        if (_new is null)
        {
            return;
        }

        CopyDeploymentAnnotations(_new);
        SetRevision(_new, NextRevision());
        if ((_new.Current.Spec?.MinReadySeconds ?? 0) != MinReadySeconds)
        {
            (_new.Current.Spec ??= new ReplicaSetSpec()).MinReadySeconds = MinReadySeconds;
            _new.IsChanged = true;
        }

        NoteRevision(_new.Annotation(DeploymentReconciler.RevisionAnnotation));
        if (HasProgressDeadline && DeploymentConditions.Get(_conditions, DeploymentConditions.Progressing) is null)
        {
            DeploymentConditions.Set(_conditions, DeploymentConditions.Create(
                DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{_new.Name}\"", _now));
        }
    }

    /// <summary>Kubernetes' <c>getNewReplicaSet</c> when none exists: create the ReplicaSet of the current template.</summary>
    private void EnsureNewReplicaSet()
    {
        if (_new is not null)
        {
            return;
        }

        var template = ObjectCopy.Clone(_deployment.Spec?.Template ?? new PodTemplateSpec());
        var hash = PodTemplateHash.Compute(_deployment.Spec?.Template, _collisionCount);
        var name = _deployment.Metadata.Name + "-" + hash;

        // A ReplicaSet of ours already has this name but another template (a hash collision): Kubernetes bumps
        // status.collisionCount, which changes the hash.
        while (_all.Exists(rs => rs.Name == name))
        {
            _collisionCount = (_collisionCount ?? 0) + 1;
            hash = PodTemplateHash.Compute(_deployment.Spec?.Template, _collisionCount);
            name = _deployment.Metadata.Name + "-" + hash;
        }

        template.Metadata ??= new ObjectMeta();
        template.Metadata.Labels = WithHash(template.Metadata.Labels, hash);
        var selector = new LabelSelector
        {
            MatchLabels = WithHash(_deployment.Spec?.Selector?.MatchLabels, hash),
            MatchExpressions = _deployment.Spec?.Selector?.MatchExpressions?
                .Select(static e => new LabelSelectorRequirement { Key = e.Key, Operator = e.Operator, Values = e.Values is null ? null : [.. e.Values] })
                .ToList(),
        };

        var replicaSet = new ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = _deployment.Metadata.Namespace,
                Labels = new Dictionary<string, string>(template.Metadata.Labels, StringComparer.Ordinal),
                OwnerReferences = [OwnerReference.ControlledBy("apps/v1", "Deployment", _deployment.Metadata)],
            },
            Spec = new ReplicaSetSpec { Replicas = 0, MinReadySeconds = MinReadySeconds, Selector = selector, Template = template },
        };

        var created = new TrackedReplicaSet(null, replicaSet, _now);
        _all.Add(created);
        _new = created;
        created.SetReplicas(IsRolling ? NewReplicaSetReplicas() : Replicas);
        CopyDeploymentAnnotations(created);
        var revision = NextRevision();
        SetRevision(created, revision);
        SetReplicasAnnotations(created);
        NoteRevision(revision.ToString(CultureInfo.InvariantCulture));
        if (HasProgressDeadline)
        {
            DeploymentConditions.Set(_conditions, DeploymentConditions.Create(
                DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{name}\"", _now));
        }
    }

    private static Dictionary<string, string> WithHash(Dictionary<string, string>? labels, string hash) =>
        new(labels ?? [], StringComparer.Ordinal) { [PodTemplateHash.LabelKey] = hash };

    private long NextRevision() => Old.Select(static rs => rs.Revision).DefaultIfEmpty(0).Max() + 1;

    private void NoteRevision(string? revision)
    {
        var current = _deployment.Metadata.Annotations?.GetValueOrDefault(DeploymentReconciler.RevisionAnnotation);
        _revision = revision is not null && revision != current ? revision : null;
    }

    private void CopyDeploymentAnnotations(TrackedReplicaSet replicaSet)
    {
        foreach (var (key, value) in _deployment.Metadata.Annotations ?? [])
        {
            if (!DeploymentReconciler.ControllerAnnotations.Contains(key))
            {
                replicaSet.SetAnnotation(key, value);
            }
        }
    }

    /// <summary>
    /// Raises the ReplicaSet's revision to <paramref name="revision"/> if it is lower; a ReplicaSet that had a revision
    /// (a rollback to an old template) keeps the old one in <c>revision-history</c>, as Kubernetes does.
    /// </summary>
    private static void SetRevision(TrackedReplicaSet replicaSet, long revision)
    {
        var oldText = replicaSet.Annotation(DeploymentReconciler.RevisionAnnotation);
        var hadRevision = oldText is not null;
        long oldRevision = 0;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.None, CultureInfo.InvariantCulture, out oldRevision))
        {
            return;
        }

        if (oldRevision >= revision)
        {
            return;
        }

        replicaSet.SetAnnotation(DeploymentReconciler.RevisionAnnotation, revision.ToString(CultureInfo.InvariantCulture));
        if (!hadRevision)
        {
            return;
        }

        var history = replicaSet.Annotation(DeploymentReconciler.RevisionHistoryAnnotation);
        if (string.IsNullOrEmpty(history))
        {
            replicaSet.SetAnnotation(DeploymentReconciler.RevisionHistoryAnnotation, oldText!);
            return;
        }

        var revisions = history.Split(',').ToList();
        var totalLength = history.Length + oldText!.Length + 1;
        while (totalLength > RevisionHistoryLimitInChars && revisions.Count > 0)
        {
            totalLength -= revisions[0].Length + 1;
            revisions.RemoveAt(0);
        }

        if (totalLength <= RevisionHistoryLimitInChars)
        {
            revisions.Add(oldText);
            replicaSet.SetAnnotation(DeploymentReconciler.RevisionHistoryAnnotation, string.Join(',', revisions));
        }
    }

    private bool SetReplicasAnnotations(TrackedReplicaSet replicaSet)
    {
        var desired = replicaSet.SetAnnotation(DeploymentReconciler.DesiredReplicasAnnotation, Replicas.ToString(CultureInfo.InvariantCulture));
        var max = replicaSet.SetAnnotation(DeploymentReconciler.MaxReplicasAnnotation, (Replicas + MaxSurge).ToString(CultureInfo.InvariantCulture));
        return desired || max;
    }

    private bool ReplicasAnnotationsNeedUpdate(TrackedReplicaSet replicaSet) =>
        replicaSet.Annotation(DeploymentReconciler.DesiredReplicasAnnotation) != Replicas.ToString(CultureInfo.InvariantCulture) ||
        replicaSet.Annotation(DeploymentReconciler.MaxReplicasAnnotation) != (Replicas + MaxSurge).ToString(CultureInfo.InvariantCulture);
}
