using Orchestrator.Core.Scheduling;
using static Orchestrator.Core.Tests.Scheduling.SchedulingFixtures;

namespace Orchestrator.Core.Tests.Scheduling;

public sealed class PodSchedulerScoreTests
{
    [Fact]
    public void Schedule_LeastAllocatedTies_BalancedAllocationPicksTheNodeLeftEven()
    {
        // Both nodes have half a node's worth of fractions in use; after the pod, a is 75% CPU / 25% memory and b is
        // 50% / 50%, so only balanced allocation tells them apart.
        var bound = new[] { Pod("cpu-heavy", cpu: "2", memory: "0", nodeName: "a"), Pod("even", cpu: "1", memory: "2Gi", nodeName: "b") };

        var result = PodScheduler.Schedule([Pod("web", cpu: "1", memory: "2Gi")], [Node("a"), Node("b")], bound);

        Assert.Equal("b", Assert.Single(result.Bindings).NodeName);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1000, 420)]
    [InlineData(5000, 500)]
    [InlineData(6000, 300)]
    [InlineData(20000, 1000)]
    public void NumFeasibleNodesToFind_NodeCount_IsKubernetesAdaptivePercentage(int nodes, int expected)
    {
        Assert.Equal(expected, PodScheduler.NumFeasibleNodesToFind(nodes));
    }
}
