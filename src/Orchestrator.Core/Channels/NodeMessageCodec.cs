using System.Text.Json;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.Core.Channels;

/// <summary>
/// The JSON of node channel messages, for every transport. A nudge is written without <c>kind</c>, exactly as before
/// log requests existed, so agents of either age read it; other messages carry a <c>kind</c>.
/// </summary>
public static class NodeMessageCodec
{
    /// <summary>Serializes a message to its JSON text.</summary>
    public static string Serialize(NodeMessage message) => SerializeToElement(message).GetRawText();

    /// <summary>The message as a JSON element, for carrying it inside another document (the server's messages route).</summary>
    public static JsonElement SerializeToElement(NodeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message switch
        {
            NodeNudge nudge => JsonSerializer.SerializeToElement(nudge, NodeApiJsonContext.Default.NodeNudge),
            LogRequest request => JsonSerializer.SerializeToElement(request, NodeApiJsonContext.Default.LogRequest),
            _ => throw new ArgumentException($"Unknown node message type {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>
    /// Reads a message from UTF-8 JSON; null when it is well-formed JSON but not a complete message this build knows
    /// (an unknown <c>kind</c>, a missing field).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON, or has fields the message does not define.</exception>
    public static NodeMessage? Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray());
        return Deserialize(document.RootElement);
    }

    /// <summary>Reads a message from a JSON element, as <see cref="Deserialize(ReadOnlySpan{byte})"/> reads it from text.</summary>
    /// <exception cref="JsonException">The element has fields the message does not define.</exception>
    public static NodeMessage? Deserialize(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? kind = null;
        if (root.TryGetProperty("kind", out var kindElement))
        {
            if (kindElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            kind = kindElement.GetString();
        }

        // The generated contract does not enforce the non-nullable strings: check them here.
        return kind switch
        {
            null => root.Deserialize(NodeApiJsonContext.Default.NodeNudge) is { Tenant: not null, NodeName: not null, Reason: not null } nudge
                ? nudge
                : null,
            LogRequest.WireKind => root.Deserialize(NodeApiJsonContext.Default.LogRequest) is
            {
                Tenant: not null, NodeName: not null, RequestId: not null, Namespace: not null, PodName: not null,
                PodUid: not null, Container: not null, UploadUrl: not null,
            } request
                ? request
                : null,
            _ => null,
        };
    }
}
