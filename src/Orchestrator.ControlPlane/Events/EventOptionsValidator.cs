using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Events;

/// <summary>Validates <see cref="EventOptions"/>: Events live between a minute and thirty days.</summary>
public sealed class EventOptionsValidator : IValidateOptions<EventOptions>
{
    private static readonly TimeSpan MinTtl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, EventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Ttl < MinTtl || options.Ttl > MaxTtl
            ? ValidateOptionsResult.Fail($"{nameof(EventOptions.Ttl)} must be between {MinTtl} and {MaxTtl}.")
            : ValidateOptionsResult.Success;
    }
}
