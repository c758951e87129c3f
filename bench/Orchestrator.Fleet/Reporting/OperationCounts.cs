namespace Orchestrator.Fleet.Reporting;

/// <summary>Azure requests by service and method (keys such as <c>table GET</c>, <c>queue DELETE</c>) at one moment.</summary>
internal sealed record OperationCounts(IReadOnlyDictionary<string, long> ByKind)
{
    public long Total => ByKind.Values.Sum();

    /// <summary>The requests of one service (table, queue, blob), all methods.</summary>
    public long this[string service] => ByKind.Where(kind => kind.Key.StartsWith(service + " ", StringComparison.Ordinal)).Sum(kind => kind.Value);

    public static string Kind(string service, string method) => service + " " + method;

    /// <summary>The non-zero counts, largest first: <c>table GET 1,234, table POST 567</c>.</summary>
    public string Describe() => string.Join(", ", ByKind.Where(kind => kind.Value != 0).OrderByDescending(kind => kind.Value).Select(kind => $"{kind.Key} {kind.Value:N0}"));

    public static OperationCounts operator -(OperationCounts later, OperationCounts earlier) =>
        new(later.ByKind.Keys.Union(earlier.ByKind.Keys)
            .ToDictionary(kind => kind, kind => later.ByKind.GetValueOrDefault(kind) - earlier.ByKind.GetValueOrDefault(kind), StringComparer.Ordinal));

    public static OperationCounts operator +(OperationCounts a, OperationCounts b) =>
        new(a.ByKind.Keys.Union(b.ByKind.Keys)
            .ToDictionary(kind => kind, kind => a.ByKind.GetValueOrDefault(kind) + b.ByKind.GetValueOrDefault(kind), StringComparer.Ordinal));
}
