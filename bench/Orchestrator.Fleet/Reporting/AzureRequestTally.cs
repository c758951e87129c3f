using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orchestrator.Fleet.Reporting;

/// <summary>
/// The Azure requests made in this process (the simulated agents' queue receives and blob uploads, when their control
/// plane hands them Storage Queues and blobs; none against the standalone server), counted from the product's
/// request-counting policy through its meter.
/// </summary>
internal sealed class AzureRequestTally : IDisposable
{
    public const string MeterName = "Orchestrator.Azure";
    public const string InstrumentName = "orchestrator.azure.requests";

    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public AzureRequestTally()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string service = "other", method = "?";
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "service" when tag.Value is string name:
                        service = name;
                        break;
                    case "method" when tag.Value is string name:
                        method = name;
                        break;
                }
            }

            _byKind.AddOrUpdate(OperationCounts.Kind(service, method), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public OperationCounts Snapshot() => new(new Dictionary<string, long>(_byKind, StringComparer.Ordinal));

    public void Dispose() => _listener.Dispose();
}
