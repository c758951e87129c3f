namespace Orchestrator.Agent.Probes;

/// <summary>The three probes of a container, as Kubernetes names them.</summary>
internal enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}
