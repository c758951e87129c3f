using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Storage;

/// <summary>Creates the store's tables if they do not exist; hosts call it once at startup, and calling it again is harmless.</summary>
public sealed partial class TableStorageInitializer
{
    private readonly TableServiceClient _client;
    private readonly string _prefix;
    private readonly ILogger<TableStorageInitializer> _logger;

    /// <summary>Creates an initializer for the tables named by <see cref="StorageOptions.TablePrefix"/>.</summary>
    public TableStorageInitializer(TableServiceClient client, IOptions<StorageOptions> options, ILogger<TableStorageInitializer> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _prefix = options.Value.TablePrefix;
        _logger = logger;
    }

    /// <summary>Creates the objects, leases, tenants and API keys tables; existing tables are left as they are.</summary>
    public async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var table in TableNames.All(_prefix))
        {
            var created = await _client.CreateTableIfNotExistsAsync(table, cancellationToken);
            LogTableReady(_logger, table, created.GetRawResponse().Status is 201 or 204);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Table {Table} ready (created: {Created})")]
    private static partial void LogTableReady(ILogger logger, string table, bool created);
}
