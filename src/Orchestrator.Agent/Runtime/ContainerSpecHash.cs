using System.Security.Cryptography;
using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Runtime;

/// <summary>A fingerprint of a container's spec: when it changes, the running container is replaced.</summary>
internal static class ContainerSpecHash
{
    public static string Compute(Container container)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(container, KubeJsonContext.Default.Container);
        return Convert.ToHexStringLower(SHA256.HashData(json))[..16];
    }
}
