using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;

namespace Orchestrator.Core.Tests.Scheduling;

public sealed class TaintMatchingTests
{
    [Theory]
    [InlineData("dedicated", "Equal", "gpu", "NoSchedule", true)]
    [InlineData("dedicated", null, "gpu", "NoSchedule", true)]
    [InlineData("dedicated", "Equal", "cpu", "NoSchedule", false)]
    [InlineData("dedicated", "Exists", null, "NoSchedule", true)]
    [InlineData("dedicated", "Exists", null, null, true)]
    [InlineData("dedicated", "Exists", null, "NoExecute", false)]
    [InlineData("other", "Exists", null, null, false)]
    [InlineData(null, "Exists", null, null, true)]
    [InlineData("", "Exists", null, "NoSchedule", true)]
    [InlineData("", "Exists", null, "PreferNoSchedule", false)]
    [InlineData("dedicated", "Equal", null, "NoSchedule", false)]
    [InlineData("dedicated", "Lt", "gpu", "NoSchedule", false)]
    public void Tolerates_KubernetesMatchingRules(string? key, string? op, string? value, string? effect, bool expected)
    {
        var taint = new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" };
        var toleration = new Toleration { Key = key, Operator = op, Value = value, Effect = effect };

        Assert.Equal(expected, TaintMatching.Tolerates(toleration, taint));
    }

    [Fact]
    public void Tolerates_TaintWithoutValue_MatchesEqualWithoutValue()
    {
        var taint = new Taint { Key = "maintenance", Effect = "NoExecute" };

        Assert.True(TaintMatching.Tolerates(new Toleration { Key = "maintenance", Effect = "NoExecute" }, taint));
        Assert.False(TaintMatching.Tolerates(new Toleration { Key = "maintenance", Value = "x" }, taint));
    }
}
