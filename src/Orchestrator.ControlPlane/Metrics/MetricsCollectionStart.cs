using Microsoft.Extensions.Hosting;

namespace Orchestrator.ControlPlane.Metrics;

/// <summary>
/// Creates <see cref="AzureRequestTotals"/> when the host starts rather than at the first <c>GET /metrics</c>, so
/// the totals cover the loops' requests from the beginning.
/// </summary>
internal sealed class MetricsCollectionStart : IHostedService
{
    public MetricsCollectionStart(AzureRequestTotals totals) => ArgumentNullException.ThrowIfNull(totals);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
