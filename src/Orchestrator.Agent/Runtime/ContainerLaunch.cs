using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Runtime;

/// <summary>
/// Everything a runtime needs to start one container of a pod. A launch for a key the runtime already knows
/// replaces that (exited) container; <see cref="RestartCount"/>, <see cref="BackoffStep"/> and
/// <see cref="LastState"/> carry the accounting over.
/// </summary>
internal sealed record ContainerLaunch(
    string Namespace,
    string PodName,
    string PodUid,
    Container Spec,
    string SpecHash,
    int RestartCount,
    int BackoffStep,
    ContainerTermination? LastState,
    TimeSpan TerminationGracePeriod)
{
    public ContainerKey Key => new(PodUid, Spec.Name ?? "");

    /// <summary>The pod's <c>runtimeClassName</c>, null for the default (<c>docker</c>); chooses the driver.</summary>
    public string? RuntimeClassName { get; init; }

    /// <summary>The names of the pod's <c>imagePullSecrets</c> (in <see cref="Namespace"/>).</summary>
    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];

    /// <summary>False when the pod sets <c>enableServiceLinks: false</c>: no service environment variables.</summary>
    public bool EnableServiceLinks { get; init; } = true;

    /// <summary>The Services' environment variables and host entries, as the table was when the container starts.</summary>
    public Services.ServiceLinks Services { get; init; } = Orchestrator.Agent.Services.ServiceLinks.None;
}
