using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Separate machines on one host, as far as the network goes: a bridge in the host's namespace with the address
/// <c>10.231.x.1/24</c> (a /24 no interface of the host uses) and N network namespaces, each with loopback up and one
/// end of a veth pair on the bridge as <c>eth0</c> with <c>10.231.x.(10+n)/24</c>. Nothing is routed anywhere else: no
/// default route in the namespaces, no NAT, no forwarding settings touched; traffic stays between the namespaces and
/// the host over the bridge. Each namespace gets its own <c>/etc/netns/&lt;ns&gt;/hosts</c> and <c>resolv.conf</c>, which
/// <c>ip netns exec</c> mounts over <c>/etc</c>'s for what runs inside, so a program there can own its <c>/etc/hosts</c>.
/// </summary>
/// <remarks>
/// Needs root and iproute2 (CI runs as root): without them it fails, never skips. Everything is named after the test
/// process's pid (namespaces <c>orch-e2e-&lt;pid&gt;-&lt;n&gt;</c>, links <c>oe2e&lt;hex pid&gt;-b|v&lt;n&gt;</c>) and removed by name on
/// <see cref="Dispose"/>; what a crashed run (whose pid is gone) left behind is removed when the next one starts.
/// </remarks>
internal sealed class NetworkNamespaces : IDisposable
{
    private const string NamespacePrefix = "orch-e2e-";
    private const string LinkPrefix = "oe2e";
    private const string NetnsEtc = "/etc/netns";

    private static int s_counter;

    private readonly List<string> _links = [];
    private readonly List<NetworkNamespace> _namespaces = [];
    private bool _disposed;

    private NetworkNamespaces(string bridge, string bridgeAddress)
    {
        Bridge = bridge;
        BridgeAddress = bridgeAddress;
    }

    /// <summary>The bridge's name in the host namespace.</summary>
    public string Bridge { get; }

    /// <summary>The host's address on the bridge: where servers that the namespaces must reach listen.</summary>
    public string BridgeAddress { get; }

    public IReadOnlyList<NetworkNamespace> Namespaces => _namespaces;

    /// <summary>Creates the bridge and <paramref name="count"/> namespaces on it (after removing a crashed run's leftovers).</summary>
    public static NetworkNamespaces Create(int count)
    {
        if (!Posix.IsRoot)
        {
            throw new InvalidOperationException("The network-namespace tests need root (to create namespaces, a bridge and veth pairs); run them as root, as CI does.");
        }

        try
        {
            Ip("-V");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("The network-namespace tests need the 'ip' command (Debian: apt-get install iproute2).", e);
        }

        RemoveLeftovers();
        var pid = Environment.ProcessId;
        var run = Interlocked.Increment(ref s_counter);
        var subnet = FreeSubnet(pid, run);
        var network = new NetworkNamespaces($"{LinkPrefix}{pid:x}-b{run:x}", $"10.231.{subnet}.1");
        try
        {
            network.Build(pid, subnet, count);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var ns in _namespaces)
        {
            RemoveNamespace(ns.Name);
        }

        foreach (var link in _links)
        {
            TryIp("link", "del", link);
        }

        // /etc/netns itself too when no other namespace uses it (ip netns exec does not need it otherwise).
        try
        {
            if (Directory.Exists(NetnsEtc) && !Directory.EnumerateFileSystemEntries(NetnsEtc).Any())
            {
                Directory.Delete(NetnsEtc);
            }
        }
        catch (IOException)
        {
            // Another run created a namespace folder meanwhile: it is theirs to clean.
        }
    }

    private void Build(int pid, int subnet, int count)
    {
        Ip("link", "add", Bridge, "type", "bridge");
        _links.Add(Bridge);
        Ip("addr", "add", $"{BridgeAddress}/24", "dev", Bridge);
        Ip("link", "set", Bridge, "up");
        for (var n = 0; n < count; n++)
        {
            var k = Interlocked.Increment(ref s_counter);
            var ns = new NetworkNamespace($"{NamespacePrefix}{pid}-{k}", $"10.231.{subnet}.{10 + n}");
            var veth = $"{LinkPrefix}{pid:x}-v{k:x}";

            // The namespace's /etc files first: they must exist before anything runs inside.
            var etc = Directory.CreateDirectory(Path.Combine(NetnsEtc, ns.Name)).FullName;
            _namespaces.Add(ns);
            File.WriteAllText(Path.Combine(etc, "hosts"), "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
            File.WriteAllText(Path.Combine(etc, "resolv.conf"), "# no name server: names come from /etc/hosts\noptions timeout:1 attempts:1\n");
            Ip("netns", "add", ns.Name);
            Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns.Name);
            _links.Add(veth);
            Ip("link", "set", veth, "master", Bridge, "up");
            Ip("-n", ns.Name, "link", "set", "lo", "up");
            Ip("-n", ns.Name, "addr", "add", $"{ns.Address}/24", "dev", "eth0");
            Ip("-n", ns.Name, "link", "set", "eth0", "up");
        }
    }

    /// <summary>A third octet whose 10.231.x.0/24 no interface of the host uses (nor a route names).</summary>
    private static int FreeSubnet(int pid, int run)
    {
        var used = Ip("-br", "addr") + Ip("route");
        for (var i = 0; i < 200; i++)
        {
            var x = 20 + ((pid + run + i) % 200);
            if (!used.Contains($"10.231.{x}.", StringComparison.Ordinal))
            {
                return x;
            }
        }

        throw new InvalidOperationException($"no free 10.231.x.0/24 on this machine:\n{used}");
    }

    /// <summary>Removes namespaces, links and /etc/netns folders of earlier runs whose test process is gone.</summary>
    private static void RemoveLeftovers()
    {
        foreach (var line in Ip("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith(NamespacePrefix, StringComparison.Ordinal) && OwnerGone(name[NamespacePrefix.Length..].Split('-')[0], NumberStyles.None))
            {
                RemoveNamespace(name);
            }
        }

        foreach (var line in Ip("-br", "link").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0].Split('@')[0];
            if (name.StartsWith(LinkPrefix, StringComparison.Ordinal) && name.Contains('-', StringComparison.Ordinal) &&
                OwnerGone(name[LinkPrefix.Length..].Split('-')[0], NumberStyles.AllowHexSpecifier))
            {
                TryIp("link", "del", name);
            }
        }

        if (Directory.Exists(NetnsEtc))
        {
            foreach (var dir in Directory.GetDirectories(NetnsEtc, NamespacePrefix + "*"))
            {
                if (OwnerGone(Path.GetFileName(dir)[NamespacePrefix.Length..].Split('-')[0], NumberStyles.None))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        static bool OwnerGone(string pid, NumberStyles style) =>
            int.TryParse(pid, style, CultureInfo.InvariantCulture, out var value) && value != Environment.ProcessId && !Posix.IsAlive(value);
    }

    /// <summary>Kills what still runs inside the namespace (only ever processes a test started), then deletes it and its /etc folder.</summary>
    private static void RemoveNamespace(string name)
    {
        var (ok, pids) = TryIp("netns", "pids", name);
        if (ok)
        {
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Posix.Kill(int.Parse(pid, CultureInfo.InvariantCulture), Posix.SigKill);
            }
        }

        TryIp("netns", "del", name);
        var etc = Path.Combine(NetnsEtc, name);
        if (Directory.Exists(etc))
        {
            Directory.Delete(etc, recursive: true);
        }
    }

    private static string Ip(params string[] args)
    {
        var (ok, output) = TryIp(args);
        return ok ? output : throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {output}");
    }

    private static (bool Ok, string Output) TryIp(params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode == 0, process.ExitCode == 0 ? stdout.Result : stdout.Result + stderr);
    }
}
