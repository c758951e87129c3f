using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;

namespace Orchestrator.Agent.Nodes;

/// <summary>
/// The node's InternalIP: the configured address, else the machine's first non-loopback IPv4 address (re-read every
/// minute, since DHCP may change it), else 127.0.0.1.
/// </summary>
internal sealed class NodeAddressResolver
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    private readonly string? _configured;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _detected;
    private DateTimeOffset _detectedAt;

    public NodeAddressResolver(IOptions<AgentOptions> options, TimeProvider time)
    {
        _configured = options.Value.NodeAddress;
        _time = time;
    }

    public string InternalIP
    {
        get
        {
            if (_configured is not null)
            {
                return _configured;
            }

            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (_detected is null || now - _detectedAt >= Refresh)
                {
                    _detected = Detect();
                    _detectedAt = now;
                }

                return _detected;
            }
        }
    }

    public static string HostName => Dns.GetHostName();

    internal static string Detect()
    {
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (network.OperationalStatus != OperationalStatus.Up || network.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    var bytes = address.GetAddressBytes();
                    var linkLocal = bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254;
                    if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address) && !linkLocal)
                    {
                        return address.ToString();
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Fall through to loopback.
        }

        return IPAddress.Loopback.ToString();
    }
}
