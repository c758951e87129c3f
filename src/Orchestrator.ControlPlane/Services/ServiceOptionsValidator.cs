using Microsoft.Extensions.Options;

namespace Orchestrator.ControlPlane.Services;

/// <summary>Validates <see cref="ServiceOptions"/>: a loopback CIDR with room for Services, and a port range.</summary>
public sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!ClusterIPRange.TryParse(options.ClusterIPRange, out _, out var ipError))
        {
            failures.Add($"{nameof(ServiceOptions.ClusterIPRange)} '{options.ClusterIPRange}' {ipError}.");
        }

        if (!NodePortRange.TryParse(options.NodePortRange, out _, out var portError))
        {
            failures.Add($"{nameof(ServiceOptions.NodePortRange)} '{options.NodePortRange}' {portError}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
