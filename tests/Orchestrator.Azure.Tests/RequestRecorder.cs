using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orchestrator.AzureSdk.Tests;

/// <summary>Records what <see cref="AzureRequestCounting.Requests"/> reports while it lives, by service and method.</summary>
internal sealed class RequestRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string? Service, string? Method), long> _counts = new();

    public RequestRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AzureRequestCounting.MeterName && instrument.Name == AzureRequestCounting.RequestsCounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? service = null;
            string? method = null;
            foreach (var tag in tags)
            {
                if (tag.Key == AzureRequestCounting.ServiceTag)
                {
                    service = tag.Value as string;
                }
                else if (tag.Key == AzureRequestCounting.MethodTag)
                {
                    method = tag.Value as string;
                }
            }

            _counts.AddOrUpdate((service, method), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>Requests counted for <paramref name="service"/>, of any method or of <paramref name="method"/>.</summary>
    public long Count(string service, string? method = null) =>
        _counts.Where(c => c.Key.Service == service && (method is null || c.Key.Method == method)).Sum(c => c.Value);

    /// <summary>Requests counted for every service.</summary>
    public long Total => _counts.Values.Sum();

    public void Dispose() => _listener.Dispose();
}
