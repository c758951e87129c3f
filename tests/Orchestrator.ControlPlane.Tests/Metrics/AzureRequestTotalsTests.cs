using System.Diagnostics.Metrics;
using Orchestrator.ControlPlane.Metrics;

namespace Orchestrator.ControlPlane.Tests.Metrics;

/// <summary>
/// The totals listen by name to whatever meter Orchestrator.Azure creates; here a meter of the same name stands in
/// for it (the control plane references no Azure package). Each test uses its own service names so that parallel
/// tests never see each other's measurements.
/// </summary>
public sealed class AzureRequestTotalsTests
{
    [Fact]
    public void Snapshot_MeasurementsOnTheAzureMeter_AreSummedByServiceAndMethodInStableOrder()
    {
        using var totals = new AzureRequestTotals();
        using var meter = new Meter(AzureRequestTotals.MeterName);
        var requests = meter.CreateCounter<long>(AzureRequestTotals.CounterName);
        var table = "table-" + Guid.NewGuid().ToString("N");
        var blob = "blob-" + Guid.NewGuid().ToString("N");

        requests.Add(1, new("service", table), new("method", "PUT"));
        requests.Add(1, new("service", table), new("method", "GET"));
        requests.Add(2, new("service", table), new("method", "PUT"));
        requests.Add(1, new("service", blob), new("method", "PUT"));

        var mine = totals.Snapshot().Where(t => t.Service == table || t.Service == blob).ToList();
        Assert.Equal(
            [new AzureRequestTotal(blob, "PUT", 1), new AzureRequestTotal(table, "GET", 1), new AzureRequestTotal(table, "PUT", 3)],
            mine);
    }

    [Fact]
    public void Entities_MeasurementsOfTheEntitiesCounter_AreSummedByTableAndGroupApartFromRequests()
    {
        using var totals = new AzureRequestTotals();
        using var meter = new Meter(AzureRequestTotals.MeterName);
        var entities = meter.CreateCounter<long>(AzureRequestTotals.EntitiesCounterName);
        var table = "objects-" + Guid.NewGuid().ToString("N");

        entities.Add(3, new("table", table), new("group", "g01"));
        entities.Add(4, new("table", table), new("group", "g01"));
        entities.Add(2, new("table", table), new("group", "h"));

        Assert.Equal([new TableEntityTotal(table, "g01", 7), new TableEntityTotal(table, "h", 2)], totals.Entities().Where(t => t.Table == table));
        Assert.DoesNotContain(totals.Snapshot(), t => t.Service == table);
    }

    [Fact]
    public void Snapshot_OtherMeterOrCounter_IsIgnored()
    {
        using var totals = new AzureRequestTotals();
        using var otherMeter = new Meter("Orchestrator.Other");
        using var azureMeter = new Meter(AzureRequestTotals.MeterName);
        var service = "table-" + Guid.NewGuid().ToString("N");

        otherMeter.CreateCounter<long>(AzureRequestTotals.CounterName).Add(1, new KeyValuePair<string, object?>("service", service));
        azureMeter.CreateCounter<long>("orchestrator.azure.other").Add(1, new KeyValuePair<string, object?>("service", service));

        Assert.DoesNotContain(totals.Snapshot(), t => t.Service == service);
    }
}
