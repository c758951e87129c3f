using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Messaging;

/// <summary>Maps a node to its queue's name.</summary>
internal static class NodeQueueName
{
    private const int HashBytes = 20;

    /// <summary>
    /// <c>prefix-</c> and the first 40 hex digits of SHA-256 over <c>tenant/node</c>: valid whatever the names
    /// contain, fixed length, and it reveals neither tenant nor node.
    /// </summary>
    public static string For(string prefix, string tenant, string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}/{nodeName}"), hash);
        return $"{prefix}-{Convert.ToHexStringLower(hash[..HashBytes])}";
    }
}
