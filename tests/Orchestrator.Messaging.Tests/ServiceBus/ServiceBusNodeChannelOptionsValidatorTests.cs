using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging.Tests.ServiceBus;

public sealed class ServiceBusNodeChannelOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new ServiceBusNodeChannelOptionsValidator().Validate(null, new ServiceBusNodeChannelOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(nameof(ServiceBusNodeChannelOptions.DuplicateDetectionWindow), 19, 30, 32)]
    [InlineData(nameof(ServiceBusNodeChannelOptions.DuplicateDetectionWindow), 8 * 24 * 3600, 30, 32)]
    [InlineData(nameof(ServiceBusNodeChannelOptions.LockDuration), 60, 4, 32)]
    [InlineData(nameof(ServiceBusNodeChannelOptions.LockDuration), 60, 301, 32)]
    [InlineData(nameof(ServiceBusNodeChannelOptions.MaxMessagesPerReceive), 60, 30, 0)]
    [InlineData(nameof(ServiceBusNodeChannelOptions.MaxMessagesPerReceive), 60, 30, 257)]
    public void Validate_OutOfServiceBusLimits_FailsNamingTheSetting(
        string setting, int duplicateWindowSeconds, int lockSeconds, int maxMessages)
    {
        var options = new ServiceBusNodeChannelOptions
        {
            DuplicateDetectionWindow = TimeSpan.FromSeconds(duplicateWindowSeconds),
            LockDuration = TimeSpan.FromSeconds(lockSeconds),
            MaxMessagesPerReceive = maxMessages,
        };

        var result = new ServiceBusNodeChannelOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
