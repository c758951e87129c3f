using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// The pods each tenant has bound to nodes, as one scheduler instance last knew them (ADR 0016): filled by a full
/// read, then kept up to date by the instance's own bindings and, in the standalone host, by in-process change
/// notifications. An entry is stamped with the tenant's <see cref="SchedulerPassToken"/> version it is complete up to;
/// any other version (another instance scheduled, or a pod was created already bound) or an entry older than the
/// allowed age makes it unusable. Notifications only ever remove or refresh pods the entry already holds, or add
/// newly bound ones, so a missed or late one leaves the entry counting too much, never too little.
/// </summary>
internal sealed class BoundPodCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _tenants = new(StringComparer.Ordinal);

    /// <summary>
    /// The tenant's bound pods if the entry is complete up to <paramref name="tokenVersion"/> and was filled at or
    /// after <paramref name="filledNotBefore"/>; otherwise null, and the caller reads them all.
    /// </summary>
    public List<Pod>? TryGet(string tenant, string tokenVersion, DateTimeOffset filledNotBefore)
    {
        lock (_gate)
        {
            return _tenants.TryGetValue(tenant, out var entry) && entry.TokenVersion == tokenVersion && entry.FilledAt >= filledNotBefore
                ? [.. entry.Pods.Values]
                : null;
        }
    }

    /// <summary>Replaces the tenant's entry with a full read made after reading the token at <paramref name="tokenVersion"/>.</summary>
    public void Fill(string tenant, string tokenVersion, IEnumerable<Pod> bound, DateTimeOffset now)
    {
        var pods = new Dictionary<string, Pod>(StringComparer.Ordinal);
        foreach (var pod in bound)
        {
            if (Counts(pod))
            {
                pods[pod.Metadata.Uid!] = pod;
            }
        }

        lock (_gate)
        {
            _tenants[tenant] = new Entry(pods, tokenVersion, now);
        }
    }

    /// <summary>
    /// A guarded commit moved the token from <paramref name="fromVersion"/> to <paramref name="toVersion"/> with
    /// these bindings: an entry complete up to the first is now complete up to the second. An entry stamped otherwise
    /// was replaced meanwhile and is dropped.
    /// </summary>
    public void Committed(string tenant, string fromVersion, string toVersion, IEnumerable<Pod> bound)
    {
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var entry))
            {
                return;
            }

            if (entry.TokenVersion != fromVersion)
            {
                _tenants.Remove(tenant);
                return;
            }

            foreach (var pod in bound)
            {
                entry.Pods[pod.Metadata.Uid!] = pod;
            }

            entry.TokenVersion = toVersion;
        }
    }

    /// <summary>Forgets the tenant's entry: the next pass reads every bound pod.</summary>
    public void Invalidate(string tenant)
    {
        lock (_gate)
        {
            _tenants.Remove(tenant);
        }
    }

    /// <summary>Applies a committed pod change seen in this process; must stay quick (it runs on the writer's path).</summary>
    public void Observe(ObjectChange change)
    {
        if (change.Kind != ResourceRegistry.Pods || change.Current.Metadata.Uid is not { } uid)
        {
            return;
        }

        lock (_gate)
        {
            if (!_tenants.TryGetValue(change.Tenant, out var entry))
            {
                return;
            }

            if (change.New is not Pod pod || pod.Status?.Phase is "Succeeded" or "Failed")
            {
                // Deleted or finished: both are final, so a late notification cannot undo them.
                entry.Pods.Remove(uid);
                return;
            }

            // A pod without a node is still pending, or this is a late notification from before its binding: it
            // neither adds nor drops anything.
            if (pod.Spec?.NodeName is not { Length: > 0 } node)
            {
                return;
            }

            if (string.IsNullOrEmpty((change.Old as Pod)?.Spec?.NodeName))
            {
                // Created already bound, or just bound.
                entry.Pods[uid] = pod;
            }
            else if (entry.Pods.TryGetValue(uid, out var cached) && cached.Spec?.NodeName == node)
            {
                // Labels or the deletion mark may have changed; a pod the entry dropped is not brought back.
                entry.Pods[uid] = pod;
            }
        }
    }

    /// <summary>Whether a pod takes room on a node: bound and not finished (what the scheduler counts).</summary>
    private static bool Counts(Pod pod) =>
        !string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.Uid is not null;

    private sealed class Entry(Dictionary<string, Pod> pods, string tokenVersion, DateTimeOffset filledAt)
    {
        public Dictionary<string, Pod> Pods { get; } = pods;

        public string TokenVersion { get; set; } = tokenVersion;

        public DateTimeOffset FilledAt { get; } = filledAt;
    }
}
