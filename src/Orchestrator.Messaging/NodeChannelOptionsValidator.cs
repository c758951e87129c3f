using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Messaging;

/// <summary>Validates <see cref="NodeChannelOptions"/> against the limits of the queue service.</summary>
public sealed partial class NodeChannelOptionsValidator : IValidateOptions<NodeChannelOptions>
{
    /// <summary>A queue name is at most 63 characters; the prefix is followed by '-' and 40 hex digits.</summary>
    public const int MaxQueuePrefixLength = 63 - 41;

    private static readonly TimeSpan MaxGrantLifetime = TimeSpan.FromDays(7);
    private static readonly TimeSpan PollIntervalLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxPollIntervalLimit = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinNudgeTimeToLive = TimeSpan.FromSeconds(1);

    // The queue service's limit is seven days for a finite time-to-live.
    private static readonly TimeSpan MaxNudgeTimeToLive = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, NodeChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrEmpty(options.QueuePrefix)
            || options.QueuePrefix.Length > MaxQueuePrefixLength
            || !QueuePrefixPattern().IsMatch(options.QueuePrefix))
        {
            failures.Add(
                $"{nameof(NodeChannelOptions.QueuePrefix)} must be 1-{MaxQueuePrefixLength} lowercase letters, digits "
                + "and single dashes, starting and ending with a letter or digit.");
        }

        if (options.GrantLifetime <= TimeSpan.Zero || options.GrantLifetime > MaxGrantLifetime)
        {
            failures.Add($"{nameof(NodeChannelOptions.GrantLifetime)} must be positive and at most {MaxGrantLifetime}.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > PollIntervalLimit)
        {
            failures.Add($"{nameof(NodeChannelOptions.PollInterval)} must be positive and at most {PollIntervalLimit}.");
        }

        if (options.MaxPollInterval <= options.PollInterval || options.MaxPollInterval > MaxPollIntervalLimit)
        {
            failures.Add(
                $"{nameof(NodeChannelOptions.MaxPollInterval)} must be greater than {nameof(NodeChannelOptions.PollInterval)} "
                + $"and at most {MaxPollIntervalLimit}.");
        }

        if (options.NudgeTimeToLive < MinNudgeTimeToLive || options.NudgeTimeToLive > MaxNudgeTimeToLive)
        {
            failures.Add(
                $"{nameof(NodeChannelOptions.NudgeTimeToLive)} must be between {MinNudgeTimeToLive} and {MaxNudgeTimeToLive}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> for options built without the options pipeline.</summary>
    internal static void EnsureValid(NodeChannelOptions options)
    {
        var result = new NodeChannelOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(NodeChannelOptions), result.Failures);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex QueuePrefixPattern();
}
