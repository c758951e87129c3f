using Microsoft.Extensions.Options;

namespace Orchestrator.Messaging.ServiceBus;

/// <summary>Validates <see cref="ServiceBusNodeChannelOptions"/> against the limits of Service Bus queues.</summary>
public sealed class ServiceBusNodeChannelOptionsValidator : IValidateOptions<ServiceBusNodeChannelOptions>
{
    // Service Bus limits: duplicate detection 20 s to 7 days, lock 5 s to 5 min.
    private static readonly TimeSpan MinDuplicateDetectionWindow = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaxDuplicateDetectionWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan MinLockDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxLockDuration = TimeSpan.FromMinutes(5);
    private const int MaxMessagesPerReceiveLimit = 256;

    public ValidateOptionsResult Validate(string? name, ServiceBusNodeChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.DuplicateDetectionWindow < MinDuplicateDetectionWindow
            || options.DuplicateDetectionWindow > MaxDuplicateDetectionWindow)
        {
            failures.Add(
                $"{nameof(ServiceBusNodeChannelOptions.DuplicateDetectionWindow)} must be between "
                + $"{MinDuplicateDetectionWindow} and {MaxDuplicateDetectionWindow}.");
        }

        if (options.LockDuration < MinLockDuration || options.LockDuration > MaxLockDuration)
        {
            failures.Add(
                $"{nameof(ServiceBusNodeChannelOptions.LockDuration)} must be between {MinLockDuration} and {MaxLockDuration}.");
        }

        if (options.MaxMessagesPerReceive < 1 || options.MaxMessagesPerReceive > MaxMessagesPerReceiveLimit)
        {
            failures.Add(
                $"{nameof(ServiceBusNodeChannelOptions.MaxMessagesPerReceive)} must be between 1 and {MaxMessagesPerReceiveLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> for options built without the options pipeline.</summary>
    internal static void EnsureValid(ServiceBusNodeChannelOptions options)
    {
        var result = new ServiceBusNodeChannelOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ServiceBusNodeChannelOptions), result.Failures);
        }
    }
}
