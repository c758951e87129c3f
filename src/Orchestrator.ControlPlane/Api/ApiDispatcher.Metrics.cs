using System.Text;
using Orchestrator.ControlPlane.Metrics;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// <c>GET /metrics</c>: the process's Azure request totals, Table Storage entities written, and CPU and memory, in the
/// Prometheus text format.
/// </summary>
public sealed partial class ApiDispatcher
{
    private async Task MetricsAsync(ApiContext context)
    {
        // The figures are the whole process's, every tenant's requests together: only the strongest role reads them.
        var caller = context.Caller;
        if (!caller.IsAdmin)
        {
            throw new ApiException(StatusErrors.Forbidden($"forbidden: User \"{caller.UserName}\" cannot get path \"/metrics\""));
        }

        var body = Encoding.UTF8.GetBytes(MetricsDocument.Write(_azureRequests.Snapshot(), _azureRequests.Entities(), ProcessSample.Current()));
        var response = context.Http.Response;
        response.StatusCode = 200;
        response.ContentType = PrometheusTextWriter.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.Aborted);
    }
}
