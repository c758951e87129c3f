using System.Net;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Validation;

namespace Orchestrator.Agent.Configuration;

/// <summary>Refuses agent settings that cannot work, naming the setting.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.ServerUrl is { } server &&
            (!server.IsAbsoluteUri || server.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(server.Query) || !string.IsNullOrEmpty(server.Fragment)))
        {
            failures.Add($"{nameof(AgentOptions.ServerUrl)} must be an absolute http or https URL without query or fragment.");
        }

        if (options.NodeName is { } nodeName)
        {
            foreach (var error in NameRules.Dns1123SubdomainErrors(nodeName))
            {
                failures.Add($"{nameof(AgentOptions.NodeName)} '{nodeName}': {error}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            failures.Add($"{nameof(AgentOptions.StateDirectory)} is required.");
        }

        if (!string.IsNullOrEmpty(options.JoinToken) && !string.IsNullOrEmpty(options.JoinTokenFile))
        {
            failures.Add($"Set {nameof(AgentOptions.JoinToken)} or {nameof(AgentOptions.JoinTokenFile)}, not both.");
        }

        RequirePositive(failures, nameof(AgentOptions.LeaseInterval), options.LeaseInterval);
        RequirePositive(failures, nameof(AgentOptions.LeaseDuration), options.LeaseDuration);
        RequirePositive(failures, nameof(AgentOptions.ResyncInterval), options.ResyncInterval);
        RequirePositive(failures, nameof(AgentOptions.NodeStatusInterval), options.NodeStatusInterval);
        RequirePositive(failures, nameof(AgentOptions.RestartBackoffInitial), options.RestartBackoffInitial);
        RequirePositive(failures, nameof(AgentOptions.RestartBackoffMax), options.RestartBackoffMax);
        RequirePositive(failures, nameof(AgentOptions.RestartBackoffReset), options.RestartBackoffReset);
        RequirePositive(failures, nameof(AgentOptions.RequestTimeout), options.RequestTimeout);

        if (options.LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0 || options.LeaseDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"{nameof(AgentOptions.LeaseDuration)} must be whole seconds, at most one hour.");
        }

        if (options.LeaseDuration <= options.LeaseInterval)
        {
            failures.Add($"{nameof(AgentOptions.LeaseDuration)} must be longer than {nameof(AgentOptions.LeaseInterval)}, or the node flaps between renewals.");
        }

        if (options.RestartBackoffInitial > options.RestartBackoffMax)
        {
            failures.Add($"{nameof(AgentOptions.RestartBackoffInitial)} must not exceed {nameof(AgentOptions.RestartBackoffMax)}.");
        }

        if (options.MaxTerminationGracePeriod < TimeSpan.Zero)
        {
            failures.Add($"{nameof(AgentOptions.MaxTerminationGracePeriod)} must not be negative.");
        }

        if (options.MaxPods is < 1 or > 10_000)
        {
            failures.Add($"{nameof(AgentOptions.MaxPods)} must be between 1 and 10000.");
        }

        if (options.NodeAddress is { } address && !IPAddress.TryParse(address, out _))
        {
            failures.Add($"{nameof(AgentOptions.NodeAddress)} '{address}' is not an IP address.");
        }

        if (options.Services?.HostsFile is { } hostsFile &&
            (!Path.IsPathFullyQualified(hostsFile) || !Directory.Exists(Path.GetDirectoryName(hostsFile))))
        {
            failures.Add($"Services:HostsFile '{hostsFile}' must be an absolute path in an existing directory.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive.");
        }
    }
}
