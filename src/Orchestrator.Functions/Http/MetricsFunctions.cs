using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.ControlPlane.Api;

namespace Orchestrator.Functions.Http;

/// <summary>
/// <c>GET /metrics</c> (<see cref="ApiRoutes.Metrics"/>): the instance's Azure request totals and CPU and memory in the
/// Prometheus text format. Each Functions instance answers for itself; <see cref="ApiDispatcher"/> admits admins only.
/// </summary>
public sealed class MetricsFunctions
{
    private readonly HttpFunctionAdapter _adapter;

    public MetricsFunctions(HttpFunctionAdapter adapter) => _adapter = adapter;

    [Function(nameof(Metrics))]
    public Task<IActionResult> Metrics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.Metrics, new Dictionary<string, string?>());
}
