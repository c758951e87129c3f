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

    /// <summary>The host ports in use (<see cref="PodScheduler"/> encodes port and protocol), created on first use.</summary>
    internal HashSet<int>? HostPorts;

    /// <summary>The pods on the node, tracked only when some pod in the pass has anti-affinity.</summary>
    internal List<PlacedPod>? Pods;
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

    /// <summary>
    /// Balanced-allocation score (Kubernetes' <c>NodeResourcesBalancedAllocation</c>): one minus the standard deviation
    /// of the CPU and memory fractions requested after placing the pod, each capped at 1; a resource the node does not
    /// report is left out. Zero for a pod that requests nothing, which Kubernetes does not score.
    /// </summary>
    internal readonly double Balance(in ResourceRequest request)
    {
        if (request.MilliCpu == 0 && request.MemoryBytes == 0)
        {
            return 0d;
        }

        if (AllocatableMilliCpu <= 0 || AllocatableMemory <= 0)
        {
            return 1d;
        }

        var cpu = Math.Min(1d, ResourceRequest.SaturatingAdd(RequestedMilliCpu, request.MilliCpu) * _inverseMilliCpu);
        var memory = Math.Min(1d, ResourceRequest.SaturatingAdd(RequestedMemory, request.MemoryBytes) * _inverseMemory);
        return 1d - (Math.Abs(cpu - memory) / 2);
    }

    internal void Add(in ResourceRequest request, in ResourceRequest nonZero)
    {
        RequestedMilliCpu = ResourceRequest.SaturatingAdd(RequestedMilliCpu, request.MilliCpu);
        RequestedMemory = ResourceRequest.SaturatingAdd(RequestedMemory, request.MemoryBytes);
        NonZeroMilliCpu = ResourceRequest.SaturatingAdd(NonZeroMilliCpu, nonZero.MilliCpu);
        NonZeroMemory = ResourceRequest.SaturatingAdd(NonZeroMemory, nonZero.MemoryBytes);
        PodCount++;
    }

    internal readonly bool HasHostPortConflict(int[] hostPorts)
    {
        if (HostPorts is null)
        {
            return false;
        }

        foreach (var port in hostPorts)
        {
            if (HostPorts.Contains(port))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a pod here matches one of the pod's terms, or the pod matches a term of a pod here.</summary>
    internal readonly bool HasAntiAffinityConflict(Pod pod, AntiAffinityTerm[] terms)
    {
        foreach (var placed in Pods ?? [])
        {
            foreach (var term in terms)
            {
                if (term.Matches(placed.Pod))
                {
                    return true;
                }
            }

            foreach (var term in placed.Terms)
            {
                if (term.Matches(pod))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Records what the pod takes beyond resources: its host ports, and itself when pods are tracked.</summary>
    internal void Occupy(Pod pod, int[]? hostPorts, AntiAffinityTerm[] terms)
    {
        if (hostPorts is not null)
        {
            HostPorts ??= [];
            foreach (var port in hostPorts)
            {
                HostPorts.Add(port);
            }
        }

        Pods?.Add(new PlacedPod(pod, terms));
    }

    private static double FreeFraction(long allocatable, double inverse, long requested) =>
        requested >= allocatable ? 0d : (allocatable - requested) * inverse;
}
