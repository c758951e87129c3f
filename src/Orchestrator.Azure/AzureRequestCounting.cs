using System.Diagnostics.Metrics;
using Azure.Core;

namespace Orchestrator.AzureSdk;

/// <summary>
/// Counts every HTTP request the Azure SDK clients of this process send to Azure Storage, on the meter
/// <see cref="MeterName"/>: the counter <see cref="RequestsCounterName"/> tagged with <see cref="ServiceTag"/> and
/// <see cref="MethodTag"/>. Add it to a client's options with <see cref="AddRequestCounting{T}"/>.
/// </summary>
public static class AzureRequestCounting
{
    /// <summary>The name of <see cref="Meter"/>; listeners in other assemblies subscribe by this name.</summary>
    public const string MeterName = "Orchestrator.Azure";

    /// <summary>The name of <see cref="Requests"/>.</summary>
    public const string RequestsCounterName = "orchestrator.azure.requests";

    /// <summary>The tag naming the storage service: <see cref="Table"/>, <see cref="Queue"/> or <see cref="Blob"/>.</summary>
    public const string ServiceTag = "service";

    /// <summary>The tag holding the request's HTTP method (<c>GET</c>, <c>PUT</c>, ...).</summary>
    public const string MethodTag = "method";

    /// <summary>The <see cref="ServiceTag"/> value of Table Storage clients.</summary>
    public const string Table = "table";

    /// <summary>The <see cref="ServiceTag"/> value of Queue Storage clients.</summary>
    public const string Queue = "queue";

    /// <summary>The <see cref="ServiceTag"/> value of Blob Storage clients.</summary>
    public const string Blob = "blob";

    /// <summary>The name of <see cref="TableEntities"/>.</summary>
    public const string TableEntitiesCounterName = "orchestrator.table.entities";

    /// <summary>The tag naming the table an entity was written to (<c>objects</c>, <c>leases</c>).</summary>
    public const string TableTag = "table";

    /// <summary>The tag naming the partition group an entity was written to (the partition key without the tenant).</summary>
    public const string GroupTag = "group";

    /// <summary>The process-wide meter the counters belong to.</summary>
    public static Meter Meter { get; } = new(MeterName);

    /// <summary>Requests answered by the service, one per attempt (retries included, as Azure bills them).</summary>
    public static Counter<long> Requests { get; } = Meter.CreateCounter<long>(
        RequestsCounterName,
        unit: "{request}",
        description: "Requests sent to Azure Storage by the Azure SDK clients, one per attempt.");

    /// <summary>
    /// Entities written (added, replaced or deleted) to Table Storage partitions, what Azure counts against a
    /// partition's throughput of about 2,000 entities a second, tagged with <see cref="TableTag"/> and
    /// <see cref="GroupTag"/>; the stores add to it after each write that succeeded.
    /// </summary>
    public static Counter<long> TableEntities { get; } = Meter.CreateCounter<long>(
        TableEntitiesCounterName,
        unit: "{entity}",
        description: "Entities written to Table Storage partitions, by table and partition group.");

    /// <summary>Counts <paramref name="entities"/> written to partition group <paramref name="group"/> of <paramref name="table"/>.</summary>
    public static void CountEntities(string table, string group, int entities) =>
        TableEntities.Add(entities, new KeyValuePair<string, object?>(TableTag, table), new KeyValuePair<string, object?>(GroupTag, group));

    /// <summary>
    /// Adds an <see cref="AzureRequestCountingPolicy"/> for <paramref name="service"/> to <paramref name="options"/>
    /// at <see cref="HttpPipelinePosition.PerRetry"/>; returns the same options. Call it once per options instance.
    /// </summary>
    public static T AddRequestCounting<T>(this T options, string service)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new AzureRequestCountingPolicy(service), HttpPipelinePosition.PerRetry);
        return options;
    }
}
