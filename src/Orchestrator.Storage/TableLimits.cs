using Azure.Data.Tables;

namespace Orchestrator.Storage;

/// <summary>
/// The limits Azure Table Storage enforces (and Azurite does not), with conservative estimates of what a row and a
/// transaction cost, so that a commit is refused before anything is sent rather than by production only.
/// </summary>
internal static class TableLimits
{
    public const int MaxOperationsPerTransaction = 100;

    /// <summary>The whole entity-group transaction request body.</summary>
    public const int MaxTransactionPayloadBytes = 4 * 1024 * 1024;

    public const int MaxEntityBytes = 1024 * 1024;

    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>Including PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 255;

    /// <summary>PartitionKey and RowKey each, counted as UTF-16.</summary>
    public const int MaxKeyBytes = 1024;

    private const int SystemProperties = 3;

    // Multipart boundary, part headers, request line with the table URL, If-Match, Prefer, DataServiceVersion.
    private const int TransactionOperationOverheadBytes = 1024;

    /// <summary>Bytes of a key counted as UTF-16, the way Azure measures its 1 KiB key limit.</summary>
    public static int KeyBytes(string key) => key.Length * 2;

    /// <summary>
    /// The entity size by Azure's published formula: 4 + 2·len(PartitionKey + RowKey) + Σ(8 + 2·len(name) + value),
    /// including the Timestamp the service adds.
    /// </summary>
    public static long EntityBytes(ITableEntity entity, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        long size = 4 + KeyBytes(entity.PartitionKey) + KeyBytes(entity.RowKey);
        size += 8 + KeyBytes("Timestamp") + 8;
        foreach (var (name, value) in properties)
        {
            size += 8 + KeyBytes(name) + ValueBytes(value);
        }

        return size;
    }

    /// <summary>
    /// An upper bound of the JSON body that writes the entity: keys and strings at up to 6 bytes a UTF-16 unit (the
    /// SDK escapes non-ASCII), binary as base64 with its <c>@odata.type</c> annotation. Azurite refuses an entity whose
    /// body exceeds 1 MiB (stricter than Azure for binary data, which Azure counts unencoded), so both bounds hold.
    /// </summary>
    public static long EntityJsonBytes(ITableEntity entity, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        long size = 64 + (6L * (entity.PartitionKey.Length + entity.RowKey.Length));
        foreach (var (name, value) in properties)
        {
            size += 40 + (12L * name.Length) + value switch
            {
                byte[] bytes => 4L * ((bytes.Length + 2) / 3),
                string text => 6L * text.Length,
                _ => 64,
            };
        }

        return size;
    }

    /// <summary>
    /// An upper bound of what one operation adds to the transaction body: the part headers, the keys percent-encoded in
    /// the URL (up to 9 bytes a UTF-16 unit) and, for writes, the JSON body.
    /// </summary>
    public static long TransactionBytes(ITableEntity entity, IEnumerable<KeyValuePair<string, object?>>? properties) =>
        TransactionOperationOverheadBytes
        + (9L * (entity.PartitionKey.Length + entity.RowKey.Length))
        + (properties is null ? 0 : EntityJsonBytes(entity, properties));

    /// <summary>The number of properties Azure counts, including the system ones.</summary>
    public static int PropertyCount(int customProperties) => customProperties + SystemProperties;

    /// <summary>Bytes of one property value; binary and string properties are each limited to 64 KiB.</summary>
    public static long ValueBytes(object? value) => value switch
    {
        null => 0,
        byte[] bytes => 4 + bytes.Length,
        BinaryData data => 4 + data.ToMemory().Length,
        string text => 4 + KeyBytes(text),
        bool => 1,
        int => 4,
        Guid => 16,
        _ => 8,
    };
}
