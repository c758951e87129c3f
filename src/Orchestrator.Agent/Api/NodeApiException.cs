using System.Net;
using System.Text.Json;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Api;

/// <summary>The control plane answered a node route with an error; <see cref="StatusCode"/> and the Kubernetes Status reason tell which.</summary>
internal sealed class NodeApiException : Exception
{
    private const int MaxBodyChars = 300;

    public NodeApiException()
    {
    }

    public NodeApiException(string message)
        : base(message)
    {
    }

    public NodeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NodeApiException(int statusCode, string? reason, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    public int StatusCode { get; }

    /// <summary>The <c>reason</c> of the Status body (<c>Unauthorized</c>, <c>NotFound</c>, ...), when there was one.</summary>
    public string? Reason { get; }

    /// <summary>401 or 403: the credential is bad, and retrying soon will not fix it.</summary>
    public bool IsCredentialRejected => StatusCode is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden;

    public static async Task<NodeApiException> FromResponseAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? reason = null;
        var detail = body.Length > MaxBodyChars ? body[..MaxBodyChars] + "..." : body;
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, KubeJsonContext.Default.Status) is { } status)
            {
                reason = status.Reason;
                detail = status.Message ?? detail;
            }
        }
        catch (JsonException)
        {
            // Not a Kubernetes Status (a proxy's error page, say): keep the start of the body.
        }

        var text = string.IsNullOrWhiteSpace(detail) ? response.ReasonPhrase : detail;
        return new NodeApiException(code, reason, $"{operation} answered {code} {reason ?? response.ReasonPhrase}: {text}");
    }
}
