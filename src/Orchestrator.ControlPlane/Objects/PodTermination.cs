using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>Kubernetes' rules for a pod's graceful deletion.</summary>
public static class PodTermination
{
    /// <summary>The kubelet's default <c>terminationGracePeriodSeconds</c>.</summary>
    public const long DefaultGracePeriodSeconds = 30;

    /// <summary>The reason the Ready conditions of a terminating pod carry.</summary>
    public const string TerminatingReason = "PodTerminating";

    /// <summary>
    /// The grace period a deletion gives <paramref name="pod"/> (the pod strategy's <c>CheckGracefulDelete</c>): the
    /// requested one, else the pod's own, else 30 s; none for a pod no node runs (unbound) or that has finished.
    /// </summary>
    public static long GracePeriodSeconds(Pod pod, long? requested)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var period = requested ?? pod.Spec?.TerminationGracePeriodSeconds ?? DefaultGracePeriodSeconds;
        return Math.Max(0, period);
    }

    /// <summary>
    /// Turns the pod's Ready and ContainersReady conditions False, so that endpoints drop the pod before its containers
    /// get SIGTERM; a condition already False is left as it is.
    /// </summary>
    public static void MarkNotReady(Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var status = pod.Status ??= new PodStatus { Phase = "Pending" };
        var conditions = status.Conditions ??= [];
        foreach (var type in (string[])["Ready", "ContainersReady"])
        {
            var condition = conditions.Find(c => c.Type == type);
            if (condition is null)
            {
                conditions.Add(new PodCondition { Type = type, Status = "False", LastTransitionTime = now, Reason = TerminatingReason, Message = "the pod is being deleted" });
            }
            else if (condition.Status != "False")
            {
                condition.Status = "False";
                condition.LastTransitionTime = now;
                condition.Reason = TerminatingReason;
                condition.Message = "the pod is being deleted";
            }
        }
    }
}
