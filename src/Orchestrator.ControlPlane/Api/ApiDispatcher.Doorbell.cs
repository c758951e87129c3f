using System.Globalization;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Api;

/// <summary>The node's doorbell (docs/adr/0015): a long poll answered when a message is put on the node's queue.</summary>
public sealed partial class ApiDispatcher
{
    private const int DefaultDoorbellSeconds = 30;
    private const int MaxDoorbellSeconds = 60;

    /// <summary>
    /// <c>GET agent/v1/nodes/{node}/doorbell?seen=&lt;n&gt;&amp;timeoutSeconds=&lt;s&gt;</c>: answers
    /// <c>{"generation": n}</c> at once when the node's generation is not <c>seen</c>, else when it is rung or after
    /// <c>timeoutSeconds</c> (the same generation). Without <c>seen</c> it answers at once. A host without a doorbell
    /// (Functions, several instances) answers 404, and the agent falls back to back-off polling of its queue.
    /// </summary>
    private async Task NodeDoorbellAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNode(context, node);
        var seen = -1L;
        if (context.Query("seen") is { } seenText
            && !long.TryParse(seenText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seen))
        {
            throw new ApiException(StatusErrors.BadRequest($"seen: Invalid value: \"{seenText}\": must be an integer", "seen"));
        }

        var seconds = DefaultDoorbellSeconds;
        if (context.Query("timeoutSeconds") is { } timeoutText
            && (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 1 or > MaxDoorbellSeconds))
        {
            throw new ApiException(StatusErrors.BadRequest(
                $"timeoutSeconds: Invalid value: \"{timeoutText}\": must be between 1 and {MaxDoorbellSeconds}", "timeoutSeconds"));
        }

        if (_doorbell is null)
        {
            throw new ApiException(new Status
            {
                Outcome = "Failure",
                Code = 404,
                Reason = "NotFound",
                Message = "this control plane has no doorbell (it runs on several instances); receive from the node's channel, which waits for messages itself",
            });
        }

        var generation = await _doorbell.WaitAsync(context.Caller.Tenant, node!, seen, TimeSpan.FromSeconds(seconds), context.Aborted);
        await WriteAsync(context.Http, 200, new NodeDoorbellAnswer(generation), NodeApiJsonContext.Default.NodeDoorbellAnswer);
    }
}
