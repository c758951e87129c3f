using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Decides, from the desired pods and the runtime's containers alone, what to start, stop, restart and forget. It is
/// level-triggered and idempotent: the same input gives the same plan, a healthy container of an unchanged pod is
/// never touched, and a pass can be repeated after a crash at any point.
/// </summary>
internal sealed class PodReconciler
{
    /// <summary>What a pod without <c>runtimeClassName</c> runs on, as in the scheduler.</summary>
    public const string DefaultRuntimeClassName = "docker";

    private readonly HashSet<string> _runtimeClassNames;
    private readonly TimeSpan _backoffInitial;
    private readonly TimeSpan _backoffMax;
    private readonly TimeSpan _backoffReset;
    private readonly TimeSpan _maxGracePeriod;

    public PodReconciler(AgentOptions options, string runtimeClassName)
        : this(options, [runtimeClassName])
    {
    }

    public PodReconciler(AgentOptions options, IReadOnlyCollection<string> runtimeClassNames)
    {
        _runtimeClassNames = new HashSet<string>(runtimeClassNames, StringComparer.Ordinal);
        _backoffInitial = options.RestartBackoffInitial;
        _backoffMax = options.RestartBackoffMax;
        _backoffReset = options.RestartBackoffReset;
        _maxGracePeriod = options.MaxTerminationGracePeriod;
    }

    public string RuntimeClassName => string.Join(", ", _runtimeClassNames.Order(StringComparer.Ordinal));

    /// <summary>Whether this agent runs the pod (its <c>runtimeClassName</c>, <c>docker</c> when absent, names one of this agent's runtimes).</summary>
    public bool Supports(Pod pod) => _runtimeClassNames.Contains(pod.Spec?.RuntimeClassName is { Length: > 0 } name ? name : DefaultRuntimeClassName);

    public ReconcilePlan Plan(ReconcileInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = new ReconcilePlan();
        var observed = input.Containers.ToDictionary(container => container.Key);
        var wanted = new HashSet<ContainerKey>();

        foreach (var pod in input.DesiredPods)
        {
            if (!PodFacts.IsUsable(pod) || !Supports(pod))
            {
                continue;
            }

            var terminating = pod.Metadata.DeletionTimestamp is not null;
            foreach (var spec in pod.Spec?.Containers ?? [])
            {
                if (string.IsNullOrEmpty(spec.Name))
                {
                    continue;
                }

                var key = new ContainerKey(PodFacts.Uid(pod), spec.Name);
                if (!wanted.Add(key))
                {
                    continue;
                }

                observed.TryGetValue(key, out var container);
                if (terminating)
                {
                    if (container is { IsRunning: true } && !input.Stopping.Contains(key))
                    {
                        plan.Stops.Add(new ContainerStop(key, DeletionGracePeriod(pod), "the pod is being deleted"));
                    }

                    continue;
                }

                PlanContainer(plan, input, pod, spec, key, container);
            }
        }

        // Containers of pods (or of containers) no longer desired: stop them, then forget them.
        foreach (var container in input.Containers)
        {
            if (wanted.Contains(container.Key) || input.Stopping.Contains(container.Key))
            {
                continue;
            }

            if (container.IsRunning)
            {
                plan.Stops.Add(new ContainerStop(container.Key, Cap(container.TerminationGracePeriod), "its pod is no longer assigned to this node"));
            }
            else
            {
                plan.Removals.Add(container.Key);
            }
        }

        return plan;
    }

    /// <summary>
    /// The back-off before restarting <paramref name="exited"/>: none for the first restart (or after a run of at least
    /// the reset time), then the initial delay doubling up to the maximum. Also returns the step the new run starts at.
    /// </summary>
    public (TimeSpan Delay, int NextStep) RestartBackoff(RuntimeContainer exited)
    {
        var exit = exited.Exit ?? throw new ArgumentException("The container has not exited.", nameof(exited));
        var step = exit.Duration >= _backoffReset ? 0 : exited.BackoffStep;
        var delay = step == 0 ? TimeSpan.Zero : RetryBackoff.Doubling(_backoffInitial, _backoffMax, step);
        return (delay, step + 1);
    }

    private void PlanContainer(ReconcilePlan plan, ReconcileInput input, Pod pod, Container spec, ContainerKey key, RuntimeContainer? container)
    {
        var hash = ContainerSpecHash.Compute(spec);
        if (input.Stopping.Contains(key))
        {
            return;
        }

        if (container is null)
        {
            if (RetryDue(input, key, hash))
            {
                plan.Starts.Add(Launch(pod, spec, hash, restartCount: 0, backoffStep: 0, lastState: null));
            }

            return;
        }

        if (container.SpecHash != hash)
        {
            if (container.IsRunning)
            {
                plan.Stops.Add(new ContainerStop(key, TerminationGracePeriod(pod), "its spec changed"));
            }
            else if (RetryDue(input, key, hash))
            {
                // The replacement counts as a restart of the container, as in Kubernetes, and starts without back-off.
                plan.Starts.Add(Launch(pod, spec, hash, container.RestartCount + 1, backoffStep: 0, container.Exit));
            }

            return;
        }

        if (container.IsRunning)
        {
            // A failed liveness or startup probe kills the container; its exit then restarts it as any other.
            if (input.ProbeKills?.GetValueOrDefault(key) is { } kill && kill.ContainerId == container.ContainerId)
            {
                var grace = kill.TerminationGracePeriodSeconds is { } seconds ? CapSeconds(seconds) : TerminationGracePeriod(pod);
                plan.Stops.Add(new ContainerStop(key, grace, kill.Message));
            }

            return;
        }

        if (!PodFacts.ShouldRestart(pod, container.Exit!.ExitCode))
        {
            return;
        }

        var (delay, nextStep) = RestartBackoff(container);
        var restartAt = container.Exit.FinishedAt + delay;
        if (input.Now < restartAt)
        {
            plan.BackingOff[key] = new CrashLoopWait(delay, restartAt);
        }
        else if (RetryDue(input, key, hash))
        {
            plan.Starts.Add(Launch(pod, spec, hash, container.RestartCount + 1, nextStep, container.Exit));
        }
    }

    /// <summary>A start that failed for this spec is retried with the same back-off as a crash; a changed spec is tried at once.</summary>
    private bool RetryDue(ReconcileInput input, ContainerKey key, string hash) =>
        !input.StartFailures.TryGetValue(key, out var failure) ||
        failure.SpecHash != hash ||
        input.Now >= failure.FailedAt + RetryBackoff.Doubling(_backoffInitial, _backoffMax, failure.Attempts);

    private ContainerLaunch Launch(Pod pod, Container spec, string hash, int restartCount, int backoffStep, ContainerTermination? lastState) =>
        new(pod.Metadata.Namespace!, pod.Metadata.Name!, PodFacts.Uid(pod), spec, hash, restartCount, backoffStep, lastState, TerminationGracePeriod(pod))
        {
            RuntimeClassName = pod.Spec?.RuntimeClassName,
            ImagePullSecrets = [.. (pod.Spec?.ImagePullSecrets ?? []).Select(secret => secret.Name).OfType<string>()],
            EnableServiceLinks = pod.Spec?.EnableServiceLinks is not { ValueKind: System.Text.Json.JsonValueKind.False },
        };

    private TimeSpan TerminationGracePeriod(Pod pod) =>
        CapSeconds(pod.Spec?.TerminationGracePeriodSeconds ?? PodFacts.DefaultTerminationGracePeriodSeconds);

    private TimeSpan DeletionGracePeriod(Pod pod) =>
        pod.Metadata.DeletionGracePeriodSeconds is { } seconds ? CapSeconds(seconds) : TerminationGracePeriod(pod);

    private TimeSpan CapSeconds(long seconds) =>
        seconds <= 0 ? TimeSpan.Zero : seconds >= _maxGracePeriod.TotalSeconds ? _maxGracePeriod : TimeSpan.FromSeconds(seconds);

    private TimeSpan Cap(TimeSpan gracePeriod) =>
        gracePeriod < TimeSpan.Zero ? TimeSpan.Zero : gracePeriod > _maxGracePeriod ? _maxGracePeriod : gracePeriod;
}
