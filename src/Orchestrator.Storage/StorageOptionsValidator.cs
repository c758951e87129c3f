using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Storage;

/// <summary>
/// Refuses options that Azure would refuse later: no account or two of them (a connection string and identity
/// endpoints), a table prefix that makes invalid table names.
/// </summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateAccount(options, failures);

        // Table names are ^[A-Za-z][A-Za-z0-9]{2,62}$; the longest suffix is "apikeys"/"tenants" (7 characters).
        if (options.TablePrefix is null || !TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            failures.Add($"{nameof(StorageOptions.TablePrefix)} '{options.TablePrefix}' must be a letter followed by at most 55 letters or digits.");
        }

        if (options.LeaseBucketCount is < 1 or > LeaseBuckets.MaxBuckets)
        {
            failures.Add($"{nameof(StorageOptions.LeaseBucketCount)} must be between 1 and {LeaseBuckets.MaxBuckets}.");
        }

        if (options.ObjectBucketCount is < 1 or > TablePlacement.MaxBuckets)
        {
            failures.Add($"{nameof(StorageOptions.ObjectBucketCount)} must be between 1 and {TablePlacement.MaxBuckets}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAccount(StorageOptions options, List<string> failures)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasIdentity = options.TableServiceUri is not null || options.BlobServiceUri is not null || options.Credential is not null;
        if (hasConnectionString && hasIdentity)
        {
            failures.Add(
                $"{nameof(StorageOptions.ConnectionString)} and {nameof(StorageOptions.TableServiceUri)}/{nameof(StorageOptions.BlobServiceUri)}/" +
                $"{nameof(StorageOptions.Credential)} exclude each other: set exactly one way to reach the account.");
            return;
        }

        if (!hasConnectionString && !hasIdentity)
        {
            failures.Add(
                $"{nameof(StorageOptions.ConnectionString)} is required, or {nameof(StorageOptions.TableServiceUri)} and " +
                $"{nameof(StorageOptions.BlobServiceUri)} with a {nameof(StorageOptions.Credential)}.");
            return;
        }

        if (hasConnectionString)
        {
            return;
        }

        RequireEndpoint(options.TableServiceUri, nameof(StorageOptions.TableServiceUri), failures);
        RequireEndpoint(options.BlobServiceUri, nameof(StorageOptions.BlobServiceUri), failures);
        if (options.Credential is null)
        {
            failures.Add($"{nameof(StorageOptions.Credential)} is required with {nameof(StorageOptions.TableServiceUri)} and {nameof(StorageOptions.BlobServiceUri)}.");
        }
    }

    private static void RequireEndpoint(Uri? uri, string field, List<string> failures)
    {
        if (uri is null)
        {
            failures.Add($"{field} is required when the account is reached with a {nameof(StorageOptions.Credential)}.");
        }
        else if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{field} '{uri}' must be an absolute http(s) URL.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,55}$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePrefixPattern();
}
