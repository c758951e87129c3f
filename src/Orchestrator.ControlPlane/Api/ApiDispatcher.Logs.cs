using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Channels;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// <c>GET pods/{name}/log</c>: the agent is reachable outbound only, so the API sends it a log request on its channel
/// with a URL that can write one answer, and polls for that answer a bounded time.
/// </summary>
public sealed partial class ApiDispatcher
{
    private async Task PodLogAsync(ApiContext context, ResourceKind kind, string ns, string name)
    {
        if (context.Method != "GET")
        {
            throw new ApiException(StatusErrors.MethodNotAllowed(context.Method));
        }

        // Logs can carry anything a workload prints: tenant admins only, never a node's credential.
        if (!context.Caller.IsAdmin)
        {
            throw new ApiException(StatusErrors.Forbidden(ForbiddenMessage(context.Caller, kind, ns, name, "log", context.Method)));
        }

        var query = ReadLogQuery(context);
        var pod = (Pod)(await GetRequiredAsync(context, kind, ns, name)).Object;
        var container = ResolveLogContainer(pod, name, query.Container);
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw new ApiException(StatusErrors.BadRequest($"pod {name} does not have a host assigned"));
        }

        var exchange = _logExchange;
        var tenant = context.Caller.Tenant;
        var nodeName = pod.Spec.NodeName;
        var requestId = Guid.NewGuid().ToString("N");
        var upload = await exchange.CreateUploadAsync(tenant, nodeName, requestId, _logOptions.UploadLifetime, context.Aborted);
        var request = new LogRequest(
            tenant,
            nodeName,
            requestId,
            ns,
            name,
            pod.Metadata?.Uid ?? "",
            container,
            query.TailLines,
            query.SinceSeconds,
            query.Timestamps,
            query.Previous,
            // A relative URL is a route of this control plane: the agent resolves it against the URL it talks to.
            upload.Url.IsAbsoluteUri ? upload.Url.AbsoluteUri : upload.Url.OriginalString,
            upload.ExpiresOn);
        await _channel.SendLogRequestAsync(request, context.Aborted);

        var answer = await WaitForLogAnswerAsync(exchange, tenant, requestId, context.Aborted);
        if (answer is null)
        {
            LogPodLogTimedOut(_logger, tenant, ns, name, nodeName, requestId);
            await exchange.DeleteAsync(tenant, requestId, CancellationToken.None);
            throw new ApiException(StatusErrors.GatewayTimeout(
                $"the node \"{nodeName}\" did not answer in time; it may be unreachable"));
        }

        if (!answer.Succeeded)
        {
            throw new ApiException(StatusErrors.BadRequest(answer.Text));
        }

        var body = Encoding.UTF8.GetBytes(answer.Text);
        context.Http.Response.StatusCode = 200;
        context.Http.Response.ContentType = "text/plain";
        context.Http.Response.ContentLength = body.Length;
        await context.Http.Response.Body.WriteAsync(body, context.Aborted);
    }

    private async Task<LogAnswer?> WaitForLogAnswerAsync(ILogExchange exchange, string tenant, string requestId, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _logOptions.AnswerTimeout;
        while (true)
        {
            if (await exchange.TryTakeAsync(tenant, requestId, cancellationToken) is { } answer)
            {
                return answer;
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(remaining < _logOptions.PollInterval ? remaining : _logOptions.PollInterval, _time, cancellationToken);
        }
    }

    private static string ResolveLogContainer(Pod pod, string podName, string? requested)
    {
        var names = pod.Spec?.Containers?.Select(c => c.Name ?? "").ToList() ?? [];
        if (requested is null)
        {
            return names.Count == 1
                ? names[0]
                : throw new ApiException(StatusErrors.BadRequest(
                    $"a container name must be specified for pod {podName}, choose one of: [{string.Join(" ", names)}]"));
        }

        return names.Contains(requested, StringComparer.Ordinal)
            ? requested
            : throw new ApiException(StatusErrors.BadRequest($"container {requested} is not valid for pod {podName}"));
    }

    private static PodLogQuery ReadLogQuery(ApiContext context)
    {
        var container = context.Query("container") is { Length: > 0 } c ? c : null;
        var tailLines = ReadLong(context, "tailLines");
        if (tailLines < 0)
        {
            throw new ApiException(StatusErrors.BadRequest(
                $"PodLogOptions \"\" is invalid: tailLines: Invalid value: {tailLines}: must be greater than or equal to 0", "tailLines"));
        }

        var sinceSeconds = ReadLong(context, "sinceSeconds");
        if (sinceSeconds < 1)
        {
            throw new ApiException(StatusErrors.BadRequest(
                $"PodLogOptions \"\" is invalid: sinceSeconds: Invalid value: {sinceSeconds}: must be greater than 0", "sinceSeconds"));
        }

        if (context.Query("follow") is "true" or "1")
        {
            throw new ApiException(StatusErrors.BadRequest("follow is not supported by this server yet; poll with sinceSeconds", "follow"));
        }

        return new PodLogQuery(container, tailLines, sinceSeconds, ReadBool(context, "timestamps"), ReadBool(context, "previous"));
    }

    private static long? ReadLong(ApiContext context, string name)
    {
        if (context.Query(name) is not { Length: > 0 } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApiException(StatusErrors.BadRequest($"invalid {name} \"{text}\": must be an integer", name));
    }

    private static bool ReadBool(ApiContext context, string name) => context.Query(name) switch
    {
        null or "" or "false" or "0" or "False" => false,
        "true" or "1" or "True" => true,
        var text => throw new ApiException(StatusErrors.BadRequest($"invalid {name} \"{text}\": must be true or false", name)),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Log request {RequestId} for pod {Tenant}/{Namespace}/{PodName} timed out: node {NodeName} did not answer")]
    private static partial void LogPodLogTimedOut(ILogger logger, string tenant, string @namespace, string podName, string nodeName, string requestId);

    private sealed record PodLogQuery(string? Container, long? TailLines, long? SinceSeconds, bool Timestamps, bool Previous);
}
