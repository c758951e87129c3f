using Microsoft.Extensions.Options;

namespace Orchestrator.Server;

/// <summary>Checks <see cref="ServerOptions"/> at start.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
        {
            failures.Add($"Url (ORCH_URL) must be an absolute http or https URL, not '{options.Url}'.");
        }

        if (options.Store is not (ServerOptions.SqliteStore or ServerOptions.TableStore))
        {
            failures.Add($"Store (ORCH_STORE) must be '{ServerOptions.SqliteStore}' or '{ServerOptions.TableStore}', not '{options.Store}'.");
        }

        if (options.Store == ServerOptions.TableStore && string.IsNullOrWhiteSpace(options.StorageConnectionString))
        {
            failures.Add("StorageConnectionString (ORCH_STORAGE_CONNECTION) is required with the table store.");
        }

        if (options.Store == ServerOptions.SqliteStore && string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add("DatabasePath (ORCH_DATABASE) is required with the sqlite store.");
        }

        if (string.IsNullOrWhiteSpace(options.ConfigPath))
        {
            failures.Add("ConfigPath (ORCH_CONFIG) is required.");
        }

        if (string.IsNullOrWhiteSpace(options.BootstrapTenant))
        {
            failures.Add("BootstrapTenant is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
