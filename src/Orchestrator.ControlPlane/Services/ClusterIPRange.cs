using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.ControlPlane.Services;

/// <summary>
/// A parsed cluster IP range: an IPv4 CIDR inside the loopback network, whose first (network) and last (broadcast)
/// addresses are never handed out, as in Kubernetes.
/// </summary>
public sealed record ClusterIPRange(uint Network, int PrefixLength)
{
    private const int MaxPrefixLength = 30;
    private static readonly uint LoopbackNetwork = 127u << 24;

    /// <summary>Addresses that can be allocated.</summary>
    public long Size => (1L << (32 - PrefixLength)) - 2;

    public override string ToString() => $"{Format(Network)}/{PrefixLength}";

    /// <summary>The allocatable address at <paramref name="offset"/> (0 to <see cref="Size"/> - 1).</summary>
    public string At(long offset) => Format((uint)(Network + 1 + offset));

    public bool Contains(string address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork &&
        ToUInt32(ip) is var value && value > Network && value - Network < Size + 1;

    public static bool TryParse(string? text, [NotNullWhen(true)] out ClusterIPRange? range, out string error)
    {
        range = null;
        error = "";
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0 ||
            !IPAddress.TryParse(text.AsSpan(0, slash), out var ip) || ip.AddressFamily != AddressFamily.InterNetwork ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            error = "is not an IPv4 CIDR such as 127.96.0.0/12";
            return false;
        }

        if (prefix is < 8 or > MaxPrefixLength)
        {
            error = $"must have a prefix length between 8 and {MaxPrefixLength}";
            return false;
        }

        var mask = uint.MaxValue << (32 - prefix);
        var network = ToUInt32(ip) & mask;
        if ((network & 0xFF000000u) != LoopbackNetwork)
        {
            error = "must be inside 127.0.0.0/8: every agent listens on cluster IPs on its own machine";
            return false;
        }

        range = new ClusterIPRange(network, prefix);
        return true;
    }

    private static uint ToUInt32(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static string Format(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes).ToString();
    }
}
