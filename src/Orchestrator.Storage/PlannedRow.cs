using Azure.Data.Tables;

namespace Orchestrator.Storage;

/// <summary>
/// One row written by a commit: the transaction action, the operation it belongs to, whether it is that object's
/// primary row, and the properties it writes (null for a delete).
/// </summary>
internal sealed record PlannedRow(
    int Operation,
    bool IsPrimary,
    TableTransactionAction Action,
    IReadOnlyList<KeyValuePair<string, object?>>? Properties);
