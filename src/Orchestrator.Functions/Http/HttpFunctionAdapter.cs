using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Api;
using Orchestrator.Core.Serialization;
using Orchestrator.Functions.Storage;

namespace Orchestrator.Functions.Http;

/// <summary>
/// What every HTTP function does: makes sure the store is ready, then lets <see cref="ApiDispatcher"/> write the
/// whole response (authentication, Kubernetes Status errors and all).
/// </summary>
public sealed partial class HttpFunctionAdapter
{
    private readonly ApiDispatcher _dispatcher;
    private readonly StoreReadiness _readiness;
    private readonly ILogger<HttpFunctionAdapter> _logger;

    public HttpFunctionAdapter(ApiDispatcher dispatcher, StoreReadiness readiness, ILogger<HttpFunctionAdapter> logger)
    {
        _dispatcher = dispatcher;
        _readiness = readiness;
        _logger = logger;
    }

    /// <summary>Answers <paramref name="request"/> for <paramref name="route"/>; <paramref name="values"/> holds the route's parameters.</summary>
    public async Task<IActionResult> HandleAsync(HttpRequest request, ApiRoute route, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        var http = request.HttpContext;
        if (route.Anonymous || await StoreReadyAsync(http, route))
        {
            await _dispatcher.HandleAsync(http, route, values);
        }

        // The response is already written; the ASP.NET Core integration executes this result, which writes nothing.
        return new EmptyResult();
    }

    private async Task<bool> StoreReadyAsync(HttpContext http, ApiRoute route)
    {
        try
        {
            await _readiness.EnsureAsync(http.RequestAborted);
            return true;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStoreNotReady(_logger, route.Name, e);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.ContentType = "application/json";
            var status = StatusErrors.ServiceUnavailable("the control plane's store is not ready; try again");
            await JsonSerializer.SerializeAsync(http.Response.Body, status, KubeJsonContext.Default.Status, http.RequestAborted);
            return false;
        }
    }
}
