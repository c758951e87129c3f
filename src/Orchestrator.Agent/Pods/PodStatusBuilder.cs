using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Maps a pod and its containers to a Kubernetes <c>PodStatus</c>: container states, the phase by the kubelet's
/// rules, and conditions whose <c>lastTransitionTime</c> moves only when their status does.
/// </summary>
internal static class PodStatusBuilder
{
    public const string RuntimeClassNotSupported = "RuntimeClassNotSupported";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string ContainerCreating = "ContainerCreating";
    public const string PodTerminating = "PodTerminating";

    public static PodStatus Build(PodStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pod = input.Pod;
        var statuses = new List<ContainerStatus>();
        foreach (var spec in pod.Spec?.Containers ?? [])
        {
            if (!string.IsNullOrEmpty(spec.Name))
            {
                statuses.Add(BuildContainer(input, spec));
            }
        }

        var phase = Phase(pod, statuses);
        var notReady = statuses.Where(status => !status.Ready).Select(status => status.Name).ToList();

        // A terminating pod is never Ready, even while its containers still run their grace period: traffic leaves
        // it before they get SIGTERM, and no report can turn it Ready again.
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        var allReady = !terminating && statuses.Count > 0 && notReady.Count == 0;
        var terminal = phase is "Succeeded" or "Failed";
        var readyReason = allReady ? null : terminal ? "PodCompleted" : terminating ? PodTerminating : "ContainersNotReady";
        var readyMessage = allReady || terminal ? null : terminating ? "the pod is being deleted" : $"containers with unready status: [{string.Join(' ', notReady)}]";

        var status = new PodStatus
        {
            Phase = phase,
            Conditions =
            [
                Condition(input, "Initialized", true, null, null),
                Condition(input, "Ready", allReady, readyReason, readyMessage),
                Condition(input, "ContainersReady", allReady, readyReason, readyMessage),
                Condition(input, "PodScheduled", true, null, null),
            ],
            HostIP = input.HostIP,
            HostIPs = [new HostIP { Ip = input.HostIP }],
            // The process runtime shares the host's network, so a pod's address is the node's.
            PodIP = input.RuntimeSupported ? input.HostIP : null,
            PodIPs = input.RuntimeSupported ? [new PodIP { Ip = input.HostIP }] : null,
            StartTime = input.Previous?.StartTime ?? input.Now,
            ContainerStatuses = statuses,
            QosClass = input.Previous?.QosClass ?? pod.Status?.QosClass,
            ObservedGeneration = pod.Metadata.Generation,
        };

        if (!input.RuntimeSupported)
        {
            status.Reason = RuntimeClassNotSupported;
            status.Message = UnsupportedMessage(input);
        }

        return status;
    }

    private static ContainerStatus BuildContainer(PodStatusInput input, Container spec)
    {
        var key = new ContainerKey(PodFacts.Uid(input.Pod), spec.Name!);
        var status = new ContainerStatus
        {
            Name = spec.Name,
            Image = spec.Image,
            ImageID = "",
            Ready = false,
            Started = false,
        };

        if (!input.RuntimeSupported)
        {
            status.State = Waiting(RuntimeClassNotSupported, UnsupportedMessage(input));
            return status;
        }

        var desiredHash = ContainerSpecHash.Compute(spec);
        input.Containers.TryGetValue(spec.Name!, out var container);
        var failure = input.StartFailures.TryGetValue(key, out var found) && found.SpecHash == desiredHash ? found : null;
        if (container is null)
        {
            status.State = failure is null ? Waiting(ContainerCreating, null) : FailureWaiting(failure, input.Now);
            return status;
        }

        status.RestartCount = container.RestartCount;
        status.ContainerID = container.ContainerId;
        if (container.IsRunning)
        {
            status.State = new ContainerState { Running = new ContainerStateRunning { StartedAt = container.StartedAt } };
            status.LastState = Terminated(container.LastState);
            var probes = input.Probes?.GetValueOrDefault(key) is { } probed && probed.ContainerId == container.ContainerId
                ? probed
                : ContainerProbeStatus.Initial(spec, container.ContainerId);
            status.Ready = probes.Ready;
            status.Started = probes.Started;
            return status;
        }

        var exit = container.Exit!;
        var replacing = container.SpecHash != desiredHash;
        if (failure is not null)
        {
            status.State = FailureWaiting(failure, input.Now);
            status.LastState = Terminated(exit);
        }
        else if (input.BackingOff.TryGetValue(key, out var wait))
        {
            status.State = Waiting(CrashLoopBackOff, $"back-off {GoDuration.Format(wait.Delay)} restarting failed container={spec.Name} pod={PodFacts.Describe(input.Pod)}");
            status.LastState = Terminated(exit);
        }
        else if (replacing && input.Pod.Metadata.DeletionTimestamp is null)
        {
            status.State = Waiting(ContainerCreating, null);
            status.LastState = Terminated(exit);
        }
        else
        {
            status.State = Terminated(exit);
            status.LastState = Terminated(container.LastState);
        }

        return status;
    }

    /// <summary>The kubelet's <c>getPhase</c>, without init containers.</summary>
    private static string Phase(Pod pod, List<ContainerStatus> statuses)
    {
        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var status in statuses)
        {
            if (status.State?.Running is not null)
            {
                running++;
            }
            else if (status.State?.Terminated is { } terminated)
            {
                stopped++;
                succeeded += terminated.ExitCode == 0 ? 1 : 0;
            }
            else if (status.LastState?.Terminated is not null)
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }

        if (waiting > 0 || statuses.Count == 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        var policy = PodFacts.RestartPolicy(pod);
        if (policy == PodFacts.RestartAlways)
        {
            return "Running";
        }

        if (stopped == succeeded)
        {
            return "Succeeded";
        }

        return policy == PodFacts.RestartNever ? "Failed" : "Running";
    }

    private static PodCondition Condition(PodStatusInput input, string type, bool value, string? reason, string? message)
    {
        var status = value ? "True" : "False";
        var previous = input.Previous?.Conditions?.Find(condition => condition.Type == type);
        return new PodCondition
        {
            Type = type,
            Status = status,
            LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime ?? input.Now : input.Now,
            Reason = reason,
            Message = message,
        };
    }

    private static ContainerState Waiting(string reason, string? message) =>
        new() { Waiting = new ContainerStateWaiting { Reason = reason, Message = message } };

    private static ContainerState? Terminated(ContainerTermination? termination) =>
        termination is null
            ? null
            : new ContainerState
            {
                Terminated = new ContainerStateTerminated
                {
                    ExitCode = termination.ExitCode,
                    Reason = termination.Reason,
                    Message = termination.Message,
                    StartedAt = termination.StartedAt,
                    FinishedAt = termination.FinishedAt,
                    ContainerID = termination.ContainerId,
                },
            };

    private static string UnsupportedMessage(PodStatusInput input) =>
        $"this node's agent runs only runtimeClassName \"{input.RuntimeClassName}\"; the pod asks for " +
        (input.Pod.Spec?.RuntimeClassName is { } name ? $"\"{name}\"" : "the default runtime (docker)");

    /// <summary>A failed pull shows as ErrImagePull in the pass that failed, then as ImagePullBackOff until the retry, as in the kubelet.</summary>
    private static ContainerState FailureWaiting(StartFailure failure, DateTimeOffset now) =>
        failure.Reason == "ErrImagePull" && now - failure.FailedAt >= PodWorker.Housekeeping
            ? Waiting("ImagePullBackOff", "Back-off pulling image: " + failure.Message)
            : Waiting(failure.Reason, failure.Message);
}
