using Orchestrator.ControlPlane.Loops;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class NodeLifecycleOptionsTests
{
    [Fact]
    public void Defaults_AreKubernetesGracePeriodAndAOneSecondEvictionCheck()
    {
        var options = new LoopOptions();

        Assert.Equal((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), (options.NodeGracePeriod, options.NodeMonitorPeriod, options.TaintEvictionPeriod));
        Assert.True(new LoopOptionsValidator().Validate(null, options).Succeeded);
    }

    public static TheoryData<string, Action<LoopOptions>, string> Invalid => new()
    {
        { "grace zero", o => o.NodeGracePeriod = TimeSpan.Zero, "NodeGracePeriod must be between 100 ms and 1 h." },
        { "grace two hours", o => o.NodeGracePeriod = TimeSpan.FromHours(2), "NodeGracePeriod must be between 100 ms and 1 h." },
        { "grace within the monitor period", o => o.NodeGracePeriod = TimeSpan.FromSeconds(5), "NodeGracePeriod must be longer than NodeMonitorPeriod." },
        { "eviction period zero", o => o.TaintEvictionPeriod = TimeSpan.Zero, "TaintEvictionPeriod must be between 100 ms and 1 h." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadNodeTimings_FailsNamingTheSetting(string @case, Action<LoopOptions> change, string message)
    {
        var options = new LoopOptions();
        change(options);

        var result = new LoopOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, @case);
        Assert.Contains(message, result.Failures!);
    }
}
