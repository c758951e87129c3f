using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Logs;

/// <summary>
/// Validates <see cref="LogOptions"/>: positive durations, polling faster than the timeout, an upload URL that outlives
/// the wait, and an upload limit the web server's own request limit does not cut short.
/// </summary>
public sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    private static readonly TimeSpan MaxAnswerTimeout = TimeSpan.FromMinutes(2);

    private const long MinUploadBytes = 64 * 1024;

    // Kestrel refuses bodies above about 28 MiB by default before the API could answer 413 itself.
    private const long MaxUploadBytes = 16 * 1024 * 1024;

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

        if (options.MaxUploadBytes is < MinUploadBytes or > MaxUploadBytes)
        {
            failures.Add($"{nameof(LogOptions.MaxUploadBytes)} must be between {MinUploadBytes} and {MaxUploadBytes} bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
