using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Orchestrator.AzureSdk;

/// <summary>
/// Adds one to <see cref="AzureRequestCounting.Requests"/> for each response a client receives, failures (404, 409,
/// 503...) included. Placed per retry, it sees every attempt; an attempt that never reached the service (a refused
/// connection, a timeout) gets no response and is not counted.
/// </summary>
public sealed class AzureRequestCountingPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _service;

    /// <summary>Creates the policy for the clients of <paramref name="service"/> (the <c>service</c> tag's value).</summary>
    public AzureRequestCountingPolicy(string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _service = service;
    }

    /// <inheritdoc />
    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!AzureRequestCounting.Requests.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { AzureRequestCounting.ServiceTag, _service },
            { AzureRequestCounting.MethodTag, message.Request.Method.Method },
        };
        AzureRequestCounting.Requests.Add(1, tags);
    }
}
