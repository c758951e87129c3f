using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Secrets;

/// <summary>
/// Turns objects into the bytes the store keeps and back. Everything is plain JSON except the values of Secrets,
/// which are encrypted one by one (their keys stay readable, as names of fields, never of values).
/// </summary>
public sealed class ObjectCodec
{
    private readonly ISecretProtector _protector;

    public ObjectCodec(ISecretProtector protector)
    {
        _protector = protector;
    }

    public byte[] Encode(ResourceKind kind, KubeObject value)
    {
        if (value is not Secret { Data: { Count: > 0 } data } secret)
        {
            return kind.Serialize(value);
        }

        secret.Data = data.ToDictionary(e => e.Key, e => Convert.ToBase64String(_protector.Protect(Convert.FromBase64String(e.Value))), StringComparer.Ordinal);
        try
        {
            return kind.Serialize(secret);
        }
        finally
        {
            secret.Data = data;
        }
    }

    public KubeObject Decode(ResourceKind kind, ReadOnlySpan<byte> json)
    {
        var value = kind.Deserialize(json);
        if (value is Secret { Data: { Count: > 0 } data } secret)
        {
            secret.Data = data.ToDictionary(e => e.Key, e => Convert.ToBase64String(_protector.Unprotect(Convert.FromBase64String(e.Value))), StringComparer.Ordinal);
        }

        return value;
    }
}
