using Microsoft.Extensions.Options;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>Refuses Docker settings that cannot work, naming the setting.</summary>
internal sealed class DockerOptionsValidator : IValidateOptions<DockerOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var endpoint = options.Endpoint;
        if (endpoint is null || !endpoint.IsAbsoluteUri || endpoint.Scheme is not ("unix" or "npipe" or "tcp" or "http" or "https"))
        {
            failures.Add($"Docker:{nameof(DockerOptions.Endpoint)} must be an absolute unix://, npipe:// or tcp:// URI.");
        }
        else if (options.UsesTls && endpoint.Scheme is "unix" or "npipe")
        {
            failures.Add($"Docker TLS certificates apply to tcp:// endpoints only, not to {endpoint.Scheme}://.");
        }

        if ((options.TlsCertificate is null) != (options.TlsKey is null))
        {
            failures.Add($"Docker:{nameof(DockerOptions.TlsCertificate)} and Docker:{nameof(DockerOptions.TlsKey)} go together: set both or neither.");
        }

        foreach (var (setting, path) in new[] { (nameof(DockerOptions.TlsCaCertificate), options.TlsCaCertificate), (nameof(DockerOptions.TlsCertificate), options.TlsCertificate), (nameof(DockerOptions.TlsKey), options.TlsKey) })
        {
            if (path is not null && !File.Exists(path))
            {
                failures.Add($"Docker:{setting} '{path}' does not exist.");
            }
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Docker:{nameof(DockerOptions.RequestTimeout)} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
