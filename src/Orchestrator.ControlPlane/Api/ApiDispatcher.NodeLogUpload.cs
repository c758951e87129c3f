using System.Text;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.Api;

/// <summary>The agent's answer to a log request on the standalone server (docs/adr/0018), put to the request's relative upload URL.</summary>
public sealed partial class ApiDispatcher
{
    /// <summary>
    /// <c>PUT agent/v1/nodes/{node}/logs/{requestId}?outcome=ok|error</c> with the log text (or, for <c>error</c>, why
    /// there is none) as the body: 204 once kept for <c>pods/{name}/log</c> to take. Only the credential of the node the
    /// request was sent to may answer (not even an admin's), once, while the request waits (404 otherwise, as for a request that never existed); a body above
    /// <see cref="LogOptions.MaxUploadBytes"/> is refused with 413. A host without the in-process exchange (Functions)
    /// answers 404: its agents upload to blobs.
    /// </summary>
    private async Task NodeLogUploadAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNodeItself(context, node);
        var requestId = context.Value("requestId") ?? "";
        var succeeded = context.Query(LogAnswerFormat.OutcomeKey) switch
        {
            null or LogAnswerFormat.Ok => true,
            LogAnswerFormat.Error => false,
            var outcome => throw new ApiException(StatusErrors.BadRequest(
                $"{LogAnswerFormat.OutcomeKey}: Unsupported value: \"{outcome}\": supported values: \"{LogAnswerFormat.Ok}\", \"{LogAnswerFormat.Error}\"",
                LogAnswerFormat.OutcomeKey)),
        };

        if (_logUploads is null)
        {
            throw new ApiException(StatusErrors.NotFound("this control plane takes log answers in blob storage, at the URL each request carries"));
        }

        var tenant = context.Caller.Tenant;
        if (!_logUploads.IsAwaiting(tenant, node!, requestId))
        {
            throw new ApiException(StatusErrors.NotFound($"no log request \"{requestId}\" of node \"{node}\" is waiting for an answer"));
        }

        var body = await ReadBodyAsync(context, _logOptions.MaxUploadBytes, allowEmpty: true);
        if (!_logUploads.TryAnswer(tenant, node!, requestId, new LogAnswer(succeeded, Encoding.UTF8.GetString(body))))
        {
            // It expired, or a duplicate delivery of the request was answered first, while this body was read.
            throw new ApiException(StatusErrors.NotFound($"no log request \"{requestId}\" of node \"{node}\" is waiting for an answer"));
        }

        context.Http.Response.StatusCode = 204;
    }
}
