using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Logs;

/// <summary>Validates <see cref="LogOptions"/>: positive durations, polling faster than the timeout, and an upload URL that outlives the wait.</summary>
public sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    private static readonly TimeSpan MaxAnswerTimeout = TimeSpan.FromMinutes(2);

    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AnswerTimeout <= TimeSpan.Zero || options.AnswerTimeout > MaxAnswerTimeout)
        {
            failures.Add($"{nameof(LogOptions.AnswerTimeout)} must be positive and at most {MaxAnswerTimeout}.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > options.AnswerTimeout)
        {
            failures.Add($"{nameof(LogOptions.PollInterval)} must be positive and at most {nameof(LogOptions.AnswerTimeout)}.");
        }

        if (options.UploadLifetime < options.AnswerTimeout || options.UploadLifetime > TimeSpan.FromHours(1))
        {
            failures.Add($"{nameof(LogOptions.UploadLifetime)} must be at least {nameof(LogOptions.AnswerTimeout)} and at most one hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
