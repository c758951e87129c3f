using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Orchestrator.ControlPlane.Metrics;

/// <summary>
/// Totals of the Azure SDK requests this process has sent since the control plane started, by service and HTTP
/// method, read from the <c>orchestrator.azure.requests</c> counter of the <c>Orchestrator.Azure</c> meter, and of the
/// entities its Table stores wrote, by table and partition group (<c>orchestrator.table.entities</c>). The meter is
/// found by name, so the control plane needs no Azure package.
/// </summary>
public sealed class AzureRequestTotals : IDisposable
{
    /// <summary>The meter the Azure clients count on (Orchestrator.Azure's <c>AzureRequestCounting.MeterName</c>).</summary>
    public const string MeterName = "Orchestrator.Azure";

    /// <summary>The counter's name (Orchestrator.Azure's <c>AzureRequestCounting.RequestsCounterName</c>).</summary>
    public const string CounterName = "orchestrator.azure.requests";

    /// <summary>The entities counter's name (Orchestrator.Azure's <c>AzureRequestCounting.TableEntitiesCounterName</c>).</summary>
    public const string EntitiesCounterName = "orchestrator.table.entities";

    private const string ServiceTag = "service";
    private const string MethodTag = "method";
    private const string TableTag = "table";
    private const string GroupTag = "group";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Service, string Method), StrongBox<long>> _totals = new();
    private readonly ConcurrentDictionary<(string Table, string Group), StrongBox<long>> _entities = new();

    /// <summary>Starts listening at once: requests sent before construction are not counted.</summary>
    public AzureRequestTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is CounterName or EntitiesCounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == CounterName)
            {
                Add(_totals, ServiceTag, MethodTag, value, tags);
            }
            else
            {
                Add(_entities, TableTag, GroupTag, value, tags);
            }
        });
        _listener.Start();
    }

    /// <summary>Every (service, method) seen so far with its total, ordered by service then method.</summary>
    internal IReadOnlyList<AzureRequestTotal> Snapshot() =>
    [
        .. _totals
            .Select(t => new AzureRequestTotal(t.Key.Service, t.Key.Method, Interlocked.Read(ref t.Value.Value)))
            .OrderBy(t => t.Service, StringComparer.Ordinal)
            .ThenBy(t => t.Method, StringComparer.Ordinal),
    ];

    /// <summary>Every (table, partition group) written so far with its entities, ordered by table then group.</summary>
    internal IReadOnlyList<TableEntityTotal> Entities() =>
    [
        .. _entities
            .Select(t => new TableEntityTotal(t.Key.Table, t.Key.Group, Interlocked.Read(ref t.Value.Value)))
            .OrderBy(t => t.Table, StringComparer.Ordinal)
            .ThenBy(t => t.Group, StringComparer.Ordinal),
    ];

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private static void Add(
        ConcurrentDictionary<(string, string), StrongBox<long>> totals, string firstTag, string secondTag, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var first = "";
        var second = "";
        foreach (var tag in tags)
        {
            if (tag.Key == firstTag)
            {
                first = tag.Value as string ?? "";
            }
            else if (tag.Key == secondTag)
            {
                second = tag.Value as string ?? "";
            }
        }

        var total = totals.GetOrAdd((first, second), _ => new StrongBox<long>());
        Interlocked.Add(ref total.Value, value);
    }
}
