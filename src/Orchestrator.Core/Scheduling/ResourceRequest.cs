using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>What a pod asks of a node: CPU in thousandths of a core and memory in bytes.</summary>
internal readonly record struct ResourceRequest(long MilliCpu, long MemoryBytes)
{
    // Kubernetes scores with these for containers that request nothing, so best-effort pods still spread out.
    internal const long DefaultMilliCpu = 100;
    internal const long DefaultMemoryBytes = 200L * 1024 * 1024;

    /// <summary>
    /// The pod's requests summed over its containers (a limit without a request requests the limit, as Kubernetes
    /// defaults it), and the same with unset requests counted at the scoring defaults.
    /// </summary>
    public static (ResourceRequest Actual, ResourceRequest NonZero) ForPod(Pod pod)
    {
        long cpu = 0, memory = 0, nonZeroCpu = 0, nonZeroMemory = 0;
        if (pod.Spec?.Containers is { } containers)
        {
            foreach (var container in containers)
            {
                var requests = container?.Resources?.Requests;
                var limits = container?.Resources?.Limits;
                var containerCpu = Find(requests, limits, "cpu");
                var containerMemory = Find(requests, limits, "memory");
                var c = containerCpu is null ? 0 : MilliOf(containerCpu);
                var m = containerMemory is null ? 0 : BytesOf(containerMemory);
                cpu = SaturatingAdd(cpu, c);
                memory = SaturatingAdd(memory, m);
                nonZeroCpu = SaturatingAdd(nonZeroCpu, containerCpu is null ? DefaultMilliCpu : c);
                nonZeroMemory = SaturatingAdd(nonZeroMemory, containerMemory is null ? DefaultMemoryBytes : m);
            }
        }

        return (new(cpu, memory), new(nonZeroCpu, nonZeroMemory));
    }

    /// <summary>Thousandths of the quantity, rounded up; invalid or negative quantities count as zero.</summary>
    public static long MilliOf(Quantity quantity) => quantity.IsValid ? Clamp(Math.Ceiling(quantity.Value * 1000m)) : 0;

    /// <summary>The quantity in whole units, rounded up as Kubernetes' <c>Value()</c>; invalid or negative count as zero.</summary>
    public static long BytesOf(Quantity quantity) => quantity.IsValid ? Clamp(Math.Ceiling(quantity.Value)) : 0;

    internal static long SaturatingAdd(long a, long b)
    {
        var sum = a + b;
        return sum < a ? long.MaxValue : sum;
    }

    private static Quantity? Find(Dictionary<string, Quantity>? requests, Dictionary<string, Quantity>? limits, string resource) =>
        requests is not null && requests.TryGetValue(resource, out var request) && request is not null ? request
        : limits is not null && limits.TryGetValue(resource, out var limit) ? limit
        : null;

    private static long Clamp(decimal value) =>
        value <= 0m ? 0 : value >= long.MaxValue ? long.MaxValue : (long)value;
}
