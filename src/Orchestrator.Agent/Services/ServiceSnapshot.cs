using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Services;

/// <summary>The Services and EndpointSlices of the node's tenant as last listed from the control plane.</summary>
internal sealed record ServiceSnapshot(IReadOnlyList<Service> Services, IReadOnlyList<EndpointSlice> EndpointSlices)
{
    public static ServiceSnapshot Empty { get; } = new([], []);
}
