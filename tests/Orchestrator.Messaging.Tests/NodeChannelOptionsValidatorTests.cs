namespace Orchestrator.Messaging.Tests;

public sealed class NodeChannelOptionsValidatorTests
{
    private readonly NodeChannelOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new NodeChannelOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal("orch-node", options.QueuePrefix);
        Assert.Equal(TimeSpan.FromHours(24), options.GrantLifetime);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxPollInterval);
        Assert.Equal(TimeSpan.FromHours(1), options.NudgeTimeToLive);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Orch")]
    [InlineData("orch_node")]
    [InlineData("-orch")]
    [InlineData("orch-")]
    [InlineData("orch--node")]
    [InlineData("a-prefix-that-is-too-lo")]
    public void Validate_BadQueuePrefix_Fails(string prefix)
    {
        var result = _validator.Validate(null, new NodeChannelOptions { QueuePrefix = prefix });

        Assert.True(result.Failed);
        Assert.Contains(nameof(NodeChannelOptions.QueuePrefix), result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LongestQueuePrefix_Succeeds()
    {
        var prefix = new string('a', NodeChannelOptionsValidator.MaxQueuePrefixLength);

        Assert.True(_validator.Validate(null, new NodeChannelOptions { QueuePrefix = prefix }).Succeeded);
        Assert.Equal(63, NodeQueueName.For(prefix, "t", "n").Length);
    }

    [Fact]
    public void Validate_NonPositiveDurations_FailsNamingEach()
    {
        var result = _validator.Validate(null, new NodeChannelOptions
        {
            GrantLifetime = TimeSpan.Zero,
            PollInterval = TimeSpan.FromSeconds(-1),
            NudgeTimeToLive = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        Assert.Contains(nameof(NodeChannelOptions.GrantLifetime), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(NodeChannelOptions.PollInterval), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(NodeChannelOptions.NudgeTimeToLive), result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DurationsBeyondLimits_Fails()
    {
        var result = _validator.Validate(null, new NodeChannelOptions
        {
            GrantLifetime = TimeSpan.FromDays(8),
            PollInterval = TimeSpan.FromMinutes(6),
            MaxPollInterval = TimeSpan.FromMinutes(7),
            NudgeTimeToLive = TimeSpan.FromDays(8),
        });

        Assert.Equal(3, result.Failures!.Count());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(1, 3601)]
    public void Validate_MaxPollIntervalNotAbovePollIntervalOrBeyondAnHour_FailsNamingIt(int pollSeconds, int maxSeconds)
    {
        var result = _validator.Validate(null, new NodeChannelOptions
        {
            PollInterval = TimeSpan.FromSeconds(pollSeconds),
            MaxPollInterval = TimeSpan.FromSeconds(maxSeconds),
        });

        Assert.Equal([nameof(NodeChannelOptions.MaxPollInterval)], result.Failures!.Select(f => f.Split(' ')[0]));
    }
}
