using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>What the probes of one container run say: <c>started</c>, <c>ready</c>, and a kill when liveness or startup failed.</summary>
internal sealed record ContainerProbeStatus(string ContainerId, bool Started, bool Ready, ProbeKill? Kill)
{
    /// <summary>
    /// Before any probe has answered, as the kubelet: started unless a startup probe must pass first, and ready only
    /// when started and no readiness probe must pass first.
    /// </summary>
    public static ContainerProbeStatus Initial(Container spec, string containerId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = spec.StartupProbe is null;
        return new ContainerProbeStatus(containerId, started, started && spec.ReadinessProbe is null, null);
    }
}
