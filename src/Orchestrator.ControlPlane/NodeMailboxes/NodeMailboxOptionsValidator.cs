using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.NodeMailboxes;

/// <summary>Validates <see cref="NodeMailboxOptions"/>: a grant lifetime within a week, and room for a nudge and a log request.</summary>
public sealed class NodeMailboxOptionsValidator : IValidateOptions<NodeMailboxOptions>
{
    private static readonly TimeSpan MinGrantLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxGrantLifetime = TimeSpan.FromDays(7);

    /// <summary>A nudge (at most one is kept) and at least one log request.</summary>
    private const int MinPendingMessages = 2;
    private const int MaxPendingMessages = 10_000;

    public ValidateOptionsResult Validate(string? name, NodeMailboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.GrantLifetime < MinGrantLifetime || options.GrantLifetime > MaxGrantLifetime)
        {
            failures.Add($"{nameof(NodeMailboxOptions.GrantLifetime)} must be between {MinGrantLifetime} and {MaxGrantLifetime}.");
        }

        if (options.MaxPendingMessages is < MinPendingMessages or > MaxPendingMessages)
        {
            failures.Add($"{nameof(NodeMailboxOptions.MaxPendingMessages)} must be between {MinPendingMessages} and {MaxPendingMessages}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
