using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>Kubernetes' pod predicates (<c>podutil.IsPodReady</c>, <c>IsPodAvailable</c>, <c>controller.IsPodActive</c>).</summary>
internal static class PodState
{
    public static bool IsFinished(Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Counts towards a controller's replicas: not finished and not being deleted.</summary>
    public static bool IsActive(Pod pod) => !IsFinished(pod) && pod.Metadata.DeletionTimestamp is null;

    public static PodCondition? ReadyCondition(Pod pod)
    {
        foreach (var condition in pod.Status?.Conditions ?? [])
        {
            if (condition?.Type == "Ready")
            {
                return condition;
            }
        }

        return null;
    }

    public static bool IsReady(Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>Ready for longer than <paramref name="minReadySeconds"/> before <paramref name="now"/> (strictly, as Kubernetes).</summary>
    public static bool IsAvailable(Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True")
        {
            return false;
        }

        return minReadySeconds <= 0 ||
            (ready.LastTransitionTime is { } since && since.AddSeconds(minReadySeconds) < now);
    }

    public static int MaxRestarts(Pod pod)
    {
        var max = 0;
        foreach (var status in pod.Status?.ContainerStatuses ?? [])
        {
            max = Math.Max(max, status?.RestartCount ?? 0);
        }

        return max;
    }
}
