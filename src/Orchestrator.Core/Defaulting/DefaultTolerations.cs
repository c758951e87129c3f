using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Defaulting;

/// <summary>
/// Kubernetes' <c>DefaultTolerationSeconds</c> admission: a new pod that does not already tolerate the
/// <c>node.kubernetes.io/not-ready</c> or <c>node.kubernetes.io/unreachable</c> <c>NoExecute</c> taint gets a
/// toleration of it (operator <c>Exists</c>) for 300 seconds, so its node may be unreachable for five minutes before
/// the pod is evicted. Applied when a pod is created only, never on updates, so stored pods are not changed.
/// </summary>
public static class DefaultTolerations
{
    public const string NotReadyKey = NodeTaints.NotReady;
    public const string UnreachableKey = NodeTaints.Unreachable;
    public const long DefaultTolerationSeconds = 300;

    public static void Apply(Pod pod)
    {
        if (pod?.Spec is not { } spec)
        {
            return;
        }

        var tolerations = spec.Tolerations ?? [];
        var notReady = Tolerates(tolerations, NotReadyKey);
        var unreachable = Tolerates(tolerations, UnreachableKey);
        if (notReady && unreachable)
        {
            return;
        }

        spec.Tolerations = tolerations;
        if (!notReady)
        {
            tolerations.Add(Default(NotReadyKey));
        }

        if (!unreachable)
        {
            tolerations.Add(Default(UnreachableKey));
        }
    }

    /// <summary>As Kubernetes: a toleration with that key (or no key) and effect <c>NoExecute</c> (or none) counts.</summary>
    private static bool Tolerates(List<Toleration> tolerations, string key) =>
        tolerations.Exists(t => t is not null &&
            (string.IsNullOrEmpty(t.Key) || t.Key == key) &&
            (string.IsNullOrEmpty(t.Effect) || t.Effect == NodeTaints.NoExecute));

    private static Toleration Default(string key) => new()
    {
        Key = key,
        Operator = "Exists",
        Effect = NodeTaints.NoExecute,
        TolerationSeconds = DefaultTolerationSeconds,
    };
}
