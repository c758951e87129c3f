using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Storage;

/// <summary>Refuses options that Azure would refuse later: no connection string, a table prefix that makes invalid table names.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(StorageOptions.ConnectionString)} is required.");
        }

        // Table names are ^[A-Za-z][A-Za-z0-9]{2,62}$; the longest suffix is "apikeys"/"tenants" (7 characters).
        if (options.TablePrefix is null || !TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            failures.Add($"{nameof(StorageOptions.TablePrefix)} '{options.TablePrefix}' must be a letter followed by at most 55 letters or digits.");
        }

        if (options.LeaseBucketCount is < 1 or > LeaseBuckets.MaxBuckets)
        {
            failures.Add($"{nameof(StorageOptions.LeaseBucketCount)} must be between 1 and {LeaseBuckets.MaxBuckets}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,55}$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePrefixPattern();
}
