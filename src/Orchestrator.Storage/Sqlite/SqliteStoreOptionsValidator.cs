using Microsoft.Extensions.Options;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Refuses a missing database path and a commit size that is not positive.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{nameof(SqliteStoreOptions.Path)} is required: the file the state is kept in.");
        }

        if (options.MaxOperationsPerCommit is < 1 or > 10_000)
        {
            failures.Add($"{nameof(SqliteStoreOptions.MaxOperationsPerCommit)} must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
