using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Orchestrator.ControlPlane.Metrics;

/// <summary>
/// Totals of the Azure SDK requests this process has sent since the control plane started, by service and HTTP
/// method, read from the <c>orchestrator.azure.requests</c> counter of the <c>Orchestrator.Azure</c> meter. The meter
/// is found by name, so the control plane needs no Azure package.
/// </summary>
public sealed class AzureRequestTotals : IDisposable
{
    /// <summary>The meter the Azure clients count on (Orchestrator.Azure's <c>AzureRequestCounting.MeterName</c>).</summary>
    public const string MeterName = "Orchestrator.Azure";

    /// <summary>The counter's name (Orchestrator.Azure's <c>AzureRequestCounting.RequestsCounterName</c>).</summary>
    public const string CounterName = "orchestrator.azure.requests";

    private const string ServiceTag = "service";
    private const string MethodTag = "method";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Service, string Method), StrongBox<long>> _totals = new();

    /// <summary>Starts listening at once: requests sent before construction are not counted.</summary>
    public AzureRequestTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == CounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
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

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private void Add(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var service = "";
        var method = "";
        foreach (var tag in tags)
        {
            if (tag.Key == ServiceTag)
            {
                service = tag.Value as string ?? "";
            }
            else if (tag.Key == MethodTag)
            {
                method = tag.Value as string ?? "";
            }
        }

        var total = _totals.GetOrAdd((service, method), _ => new StrongBox<long>());
        Interlocked.Add(ref total.Value, value);
    }
}
