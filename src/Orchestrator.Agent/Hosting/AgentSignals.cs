
namespace Orchestrator.Agent.Hosting;

/// <summary>The wake-ups the agent's loops give each other.</summary>
internal sealed class AgentSignals
{
    /// <summary>Fetch the desired pods now (a nudge arrived, or a report said a pod is gone).</summary>
    public WakeSignal FetchDesired { get; } = new();

    /// <summary>List the Services and EndpointSlices now (a nudge arrived); a separate signal, since each wakes one loop.</summary>
    public WakeSignal FetchServices { get; } = new();

    /// <summary>Reconcile now (the desired state changed, or a container exited or stopped).</summary>
    public WakeSignal Reconcile { get; } = new();
}
