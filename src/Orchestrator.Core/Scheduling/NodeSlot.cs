using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// A node as one scheduling pass sees it: what it can allocate and what is already bound to it, updated in place
/// as the pass places pods so that nothing is overcommitted.
/// </summary>
internal struct NodeSlot
{
    internal string Name;
    internal Node Node;
    internal NodeBlock Block;
    internal long AllocatableMilliCpu;
    internal long AllocatableMemory;
    internal long AllocatablePods;
    internal long RequestedMilliCpu;
    internal long RequestedMemory;
    internal long PodCount;
    internal long NonZeroMilliCpu;
    internal long NonZeroMemory;
    private double _inverseMilliCpu;
    private double _inverseMemory;

    /// <summary>Precomputes the reciprocals that scoring multiplies by, once the allocatable amounts are set.</summary>
    internal void Prepare()
    {
        _inverseMilliCpu = AllocatableMilliCpu > 0 ? 1d / AllocatableMilliCpu : 0d;
        _inverseMemory = AllocatableMemory > 0 ? 1d / AllocatableMemory : 0d;
    }

    internal readonly bool FitsResources(in ResourceRequest request) =>
        PodCount < AllocatablePods &&
        (request.MilliCpu == 0 || request.MilliCpu <= AllocatableMilliCpu - RequestedMilliCpu) &&
        (request.MemoryBytes == 0 || request.MemoryBytes <= AllocatableMemory - RequestedMemory);

    /// <summary>Least-allocated score: the mean of the free CPU and memory fractions left after placing the pod.</summary>
    internal readonly double Score(in ResourceRequest nonZero) =>
        (FreeFraction(AllocatableMilliCpu, _inverseMilliCpu, ResourceRequest.SaturatingAdd(NonZeroMilliCpu, nonZero.MilliCpu)) +
         FreeFraction(AllocatableMemory, _inverseMemory, ResourceRequest.SaturatingAdd(NonZeroMemory, nonZero.MemoryBytes))) / 2;

    internal void Add(in ResourceRequest request, in ResourceRequest nonZero)
    {
        RequestedMilliCpu = ResourceRequest.SaturatingAdd(RequestedMilliCpu, request.MilliCpu);
        RequestedMemory = ResourceRequest.SaturatingAdd(RequestedMemory, request.MemoryBytes);
        NonZeroMilliCpu = ResourceRequest.SaturatingAdd(NonZeroMilliCpu, nonZero.MilliCpu);
        NonZeroMemory = ResourceRequest.SaturatingAdd(NonZeroMemory, nonZero.MemoryBytes);
        PodCount++;
    }

    private static double FreeFraction(long allocatable, double inverse, long requested) =>
        requested >= allocatable ? 0d : (allocatable - requested) * inverse;
}
