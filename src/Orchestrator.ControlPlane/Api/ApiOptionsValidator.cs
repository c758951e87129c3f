using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Api;

/// <summary>Checks <see cref="ApiOptions"/> at start.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("MaxRequestBodyBytes must be between 1 KiB and 16 MiB.");
        }

        if (options.DefaultJoinTokenLifetime <= TimeSpan.Zero || options.DefaultJoinTokenLifetime > options.MaxJoinTokenLifetime)
        {
            failures.Add("DefaultJoinTokenLifetime must be positive and at most MaxJoinTokenLifetime.");
        }

        if (options.DefaultLeaseDurationSeconds is < 5 or > 3600)
        {
            failures.Add("DefaultLeaseDurationSeconds must be between 5 and 3600.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
