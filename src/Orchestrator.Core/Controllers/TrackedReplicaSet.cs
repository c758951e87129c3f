using System.Globalization;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// A ReplicaSet during one Deployment pass: a private copy the pass may change, the observed object it came from
/// (null when the pass creates it), and whether it changed.
/// </summary>
internal sealed class TrackedReplicaSet
{
    public TrackedReplicaSet(ReplicaSet? observed, ReplicaSet current, DateTimeOffset sortTime)
    {
        Observed = observed;
        Current = current;
        SortTime = sortTime;
    }

    public ReplicaSet? Observed { get; }

    public ReplicaSet Current { get; }

    public bool IsCreated => Observed is null;

    public bool IsChanged { get; set; }

    /// <summary>Creation time; a ReplicaSet created in this pass counts as the newest.</summary>
    public DateTimeOffset SortTime { get; }

    public string Name => Current.Metadata.Name ?? "";

    public int Replicas => Current.Spec?.Replicas ?? 1;

    public int StatusReplicas => Current.Status?.Replicas ?? 0;

    public int ReadyReplicas => Current.Status?.ReadyReplicas ?? 0;

    public int AvailableReplicas => Current.Status?.AvailableReplicas ?? 0;

    public long Revision => ReadLong(DeploymentReconciler.RevisionAnnotation) ?? 0;

    public string? Annotation(string key) =>
        Current.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    public int? ReadInt(string key) =>
        int.TryParse(Annotation(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public long? ReadLong(string key) =>
        long.TryParse(Annotation(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Sets an annotation; true when that changed it.</summary>
    public bool SetAnnotation(string key, string value)
    {
        var annotations = Current.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (annotations.TryGetValue(key, out var existing) && existing == value)
        {
            return false;
        }

        annotations[key] = value;
        IsChanged = true;
        return true;
    }

    public void SetReplicas(int replicas)
    {
        (Current.Spec ??= new ReplicaSetSpec()).Replicas = replicas;
        IsChanged = true;
    }

    /// <summary>Kubernetes' <c>ReplicaSetsByCreationTimestamp</c>: oldest first, then by name.</summary>
    public static int ByCreation(TrackedReplicaSet x, TrackedReplicaSet y)
    {
        var byTime = x.SortTime.CompareTo(y.SortTime);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Name, y.Name);
    }
}
