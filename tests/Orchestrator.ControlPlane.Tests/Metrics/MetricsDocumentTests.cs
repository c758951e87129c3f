using Orchestrator.ControlPlane.Metrics;

namespace Orchestrator.ControlPlane.Tests.Metrics;

public sealed class MetricsDocumentTests
{
    private static readonly ProcessSample Process = new(12.25, 50_000_000, 1_764_000_000.5);

    [Fact]
    public void Write_TotalsAndProcess_WritesEveryFamilyWithOneSampleEach()
    {
        var text = MetricsDocument.Write(
            [new AzureRequestTotal("queue", "GET", 7), new AzureRequestTotal("table", "GET", 3), new AzureRequestTotal("table", "PUT", 2)],
            [new TableEntityTotal("objects", "g00", 40), new TableEntityTotal("objects", "h", 5)],
            Process);

        Assert.Equal(
            """
            # HELP orchestrator_azure_requests_total Requests sent to Azure Storage by this process's Azure SDK clients, one per attempt (Service Bus not included).
            # TYPE orchestrator_azure_requests_total counter
            orchestrator_azure_requests_total{service="queue",method="GET"} 7
            orchestrator_azure_requests_total{service="table",method="GET"} 3
            orchestrator_azure_requests_total{service="table",method="PUT"} 2
            # HELP orchestrator_table_entities_written_total Entities written to Table Storage by this process, by table and partition group (the partition key without the tenant), summed over tenants.
            # TYPE orchestrator_table_entities_written_total counter
            orchestrator_table_entities_written_total{table="objects",group="g00"} 40
            orchestrator_table_entities_written_total{table="objects",group="h"} 5
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 12.25
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 50000000
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1764000000.5

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Write_NoAzureRequestsYet_KeepsTheFamilyWithoutSamples()
    {
        var text = MetricsDocument.Write([], [], Process);

        Assert.StartsWith("# HELP orchestrator_azure_requests_total ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("orchestrator_azure_requests_total{", text, StringComparison.Ordinal);
        Assert.Contains("\n# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
    }
}
