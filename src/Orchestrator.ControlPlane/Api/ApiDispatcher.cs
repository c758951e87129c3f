using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Auth;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.ControlPlane.Metrics;
using Orchestrator.ControlPlane.NodeMailboxes;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Channels;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// The API, independent of its host: authenticates the caller, scopes it to its tenant, and runs the handler of the
/// matched route. Every expected failure is answered with a Kubernetes Status; nothing the client sends yields a 5xx.
/// </summary>
public sealed partial class ApiDispatcher
{
    private readonly ResourceRegistry _registry;
    private readonly ObjectService _objects;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly ApiKeys _keys;
    private readonly ILeaseStore _leases;
    private readonly INodeChannel _channel;
    private readonly TimeProvider _time;
    private readonly ApiOptions _options;
    private readonly ILogger<ApiDispatcher> _logger;
    private readonly ILogExchange _logExchange;
    private readonly LogOptions _logOptions;
    private readonly AzureRequestTotals _azureRequests;
    private readonly NodeMailboxChannel? _mailboxes;
    private readonly InProcessLogExchange? _logUploads;

    public ApiDispatcher(
        ResourceRegistry registry,
        ObjectService objects,
        ApiKeyAuthenticator authenticator,
        ApiKeys keys,
        ILeaseStore leases,
        INodeChannel channel,
        TimeProvider time,
        IOptions<ApiOptions> options,
        ILogger<ApiDispatcher> logger,
        ILogExchange logExchange,
        IOptions<LogOptions> logOptions,
        AzureRequestTotals azureRequests,
        NodeMailboxChannel? mailboxes = null,
        InProcessLogExchange? logUploads = null)
    {
        _registry = registry;
        _objects = objects;
        _authenticator = authenticator;
        _keys = keys;
        _leases = leases;
        _channel = channel;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _logExchange = logExchange;
        _logOptions = logOptions.Value;
        _azureRequests = azureRequests;
        _mailboxes = mailboxes;
        _logUploads = logUploads;
    }

    /// <summary>Handles one request for <paramref name="route"/>, writing the whole response.</summary>
    public async Task HandleAsync(HttpContext http, ApiRoute route, IReadOnlyDictionary<string, string?> values)
    {
        try
        {
            var allowed = route.Methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase);
            if (route.Anonymous && allowed)
            {
                await WriteAsync(http, 200, new Dictionary<string, string> { ["status"] = "ok" }, ApiJsonContext.Default.DictionaryStringString);
                return;
            }

            // Authenticate first, as Kubernetes does: an anonymous caller learns nothing about which routes exist.
            var caller = await _authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, http.RequestAborted)
                ?? throw new ApiException(StatusErrors.Unauthorized());
            if (!allowed)
            {
                throw new ApiException(StatusErrors.MethodNotAllowed(http.Request.Method));
            }
            var context = new ApiContext(http, route, values, caller);
            await DispatchAsync(context);
        }
        catch (ApiException e)
        {
            await WriteStatusAsync(http, e.Status);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only failures of our own dependencies get here (the store or the queue being unreachable).
            LogUnexpectedFailure(_logger, route.Name, http.Request.Method, e);
            await WriteStatusAsync(http, StatusErrors.ServiceUnavailable("the control plane could not complete the request; try again"));
        }
    }

    private Task DispatchAsync(ApiContext context)
    {
        var route = context.Route;
        if (route == ApiRoutes.NotFound)
        {
            throw new ApiException(StatusErrors.RouteNotFound());
        }

        if (route == ApiRoutes.Version || route == ApiRoutes.CoreApiVersions || route == ApiRoutes.ApiGroups || route == ApiRoutes.CoreResources || route == ApiRoutes.GroupResources)
        {
            return DiscoveryAsync(context);
        }

        if (route == ApiRoutes.Metrics)
        {
            return MetricsAsync(context);
        }

        if (route == ApiRoutes.JoinTokens)
        {
            return CreateJoinTokenAsync(context);
        }

        if (route == ApiRoutes.Join)
        {
            return JoinAsync(context);
        }

        if (route == ApiRoutes.NodeChannel)
        {
            return NodeChannelAsync(context);
        }

        if (route == ApiRoutes.NodeLease)
        {
            return RenewLeaseAsync(context);
        }

        if (route == ApiRoutes.NodeMessages)
        {
            return NodeMessagesAsync(context);
        }

        if (route == ApiRoutes.NodeLogUpload)
        {
            return NodeLogUploadAsync(context);
        }

        if (route == ApiRoutes.NodePodStatus)
        {
            return ReportPodStatusAsync(context);
        }

        if (route == ApiRoutes.NodeSecret)
        {
            return NodeSecretAsync(context);
        }

        if (route == ApiRoutes.NodePod)
        {
            return FinalizePodAsync(context);
        }

        return ObjectRouteAsync(context);
    }

    internal static async Task WriteAsync<T>(HttpContext http, int statusCode, T body, JsonTypeInfo<T> typeInfo)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, typeInfo, http.RequestAborted);
    }

    internal static async Task WriteBytesAsync(HttpContext http, int statusCode, byte[] body)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static Task WriteStatusAsync(HttpContext http, Status status)
    {
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        http.Response.Clear();
        return WriteAsync(http, status.Code, status, KubeJsonContext.Default.Status);
    }

    private static void AddWarnings(HttpContext http, IEnumerable<string> warnings)
    {
        foreach (var warning in warnings.Distinct().Take(50))
        {
            // RFC 7234 warn-code 299 as the Kubernetes API server sends it; quotes inside are escaped.
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
