namespace Orchestrator.ControlPlane.Metrics;

/// <summary>
/// The body of <c>GET /metrics</c>: the Azure request totals, the Table Storage entities written by partition group,
/// and the standard Prometheus process metrics.
/// </summary>
internal static class MetricsDocument
{
    public const string AzureRequests = "orchestrator_azure_requests_total";
    public const string TableEntities = "orchestrator_table_entities_written_total";
    public const string CpuSeconds = "process_cpu_seconds_total";
    public const string ResidentMemory = "process_resident_memory_bytes";
    public const string StartTime = "process_start_time_seconds";

    public static string Write(IReadOnlyList<AzureRequestTotal> requests, IReadOnlyList<TableEntityTotal> entities, ProcessSample process)
    {
        var writer = new PrometheusTextWriter();
        writer.Family(AzureRequests, "counter", "Requests sent to Azure Storage by this process's Azure SDK clients, one per attempt (Service Bus not included).");
        foreach (var total in requests)
        {
            writer.Sample(AzureRequests, total.Count, ("service", total.Service), ("method", total.Method));
        }

        writer.Family(TableEntities, "counter", "Entities written to Table Storage by this process, by table and partition group (the partition key without the tenant), summed over tenants.");
        foreach (var total in entities)
        {
            writer.Sample(TableEntities, total.Count, ("table", total.Table), ("group", total.Group));
        }

        writer.Family(CpuSeconds, "counter", "Total user and system CPU time spent in seconds.");
        writer.Sample(CpuSeconds, process.CpuSeconds);
        writer.Family(ResidentMemory, "gauge", "Resident memory size in bytes.");
        writer.Sample(ResidentMemory, process.ResidentMemoryBytes);
        writer.Family(StartTime, "gauge", "Start time of the process since unix epoch in seconds.");
        writer.Sample(StartTime, process.StartTimeSeconds);
        return writer.ToString();
    }
}
