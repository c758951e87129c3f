using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>Kubernetes' toleration rules (<c>Toleration.ToleratesTaint</c>) and the taint filter and score built on them.</summary>
internal static class TaintMatching
{
    /// <summary>
    /// True when <paramref name="toleration"/> tolerates <paramref name="taint"/>: an empty effect matches every effect,
    /// an empty key (with <c>Exists</c>) every key, <c>Exists</c> every value and <c>Equal</c> (the default) only the
    /// same value.
    /// </summary>
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && !string.Equals(toleration.Effect, taint.Effect, StringComparison.Ordinal))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && !string.Equals(toleration.Key, taint.Key, StringComparison.Ordinal))
        {
            return false;
        }

        return toleration.Operator switch
        {
            "Exists" => true,
            null or "" or "Equal" => string.Equals(toleration.Value ?? "", taint.Value ?? "", StringComparison.Ordinal),
            _ => false,
        };
    }

    public static bool IsTolerated(Taint taint, List<Toleration>? tolerations)
    {
        foreach (var toleration in tolerations ?? [])
        {
            if (toleration is not null && Tolerates(toleration, taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first <c>NoSchedule</c> or <c>NoExecute</c> taint of the node the pod does not tolerate, if any.</summary>
    public static Taint? FirstUntolerated(Node node, List<Toleration>? tolerations)
    {
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint?.Effect is "NoSchedule" or "NoExecute" && !IsTolerated(taint, tolerations))
            {
                return taint;
            }
        }

        return null;
    }

    /// <summary>How many <c>PreferNoSchedule</c> taints of the node the pod does not tolerate (fewer scores higher).</summary>
    public static int IntolerablePreferNoSchedule(Node node, List<Toleration>? tolerations)
    {
        var count = 0;
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint?.Effect == "PreferNoSchedule" && !IsTolerated(taint, tolerations))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The kube-scheduler reason for a taint no toleration covers.</summary>
    public static string UntoleratedReason(Taint taint) => $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
}
