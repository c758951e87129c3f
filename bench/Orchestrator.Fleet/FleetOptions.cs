using System.Globalization;

namespace Orchestrator.Fleet;

/// <summary>What one fleet run does: the fleet's size, each scenario's knobs, and where the control plane is.</summary>
internal sealed record FleetOptions
{
    /// <summary>The store of the control plane this run starts: <c>sqlite</c> (the server's default) or <c>table</c> (Azurite).</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>True when the control plane keeps its state in Table Storage, so Azure requests and partitions count.</summary>
    public bool TableStore => Store == "table";

    public int Nodes { get; init; } = 500;

    public int Pods { get; init; } = 5_000;

    /// <summary>How many Deployments share the burst's pods.</summary>
    public int Deployments { get; init; } = 50;

    /// <summary>How many agents the failover scenario stops; a tenth of the fleet when not given.</summary>
    public int? FailoverAgentsOption { get; init; }

    public int FailoverAgents => FailoverAgentsOption ?? Math.Max(1, Nodes / 10);

    /// <summary>How many pods the failover scenario's fleet runs before agents stop; two per node when not given.</summary>
    public int? FailoverPodsOption { get; init; }

    public int FailoverPods => FailoverPodsOption ?? 2 * Nodes;

    public TimeSpan IdleTime { get; init; } = TimeSpan.FromMinutes(2);

    public int ApiClients { get; init; } = 200;

    public TimeSpan ApiTime { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan FootprintWindow { get; init; } = TimeSpan.FromSeconds(60);

    public bool Footprint { get; init; } = true;

    public bool Failover { get; init; } = true;

    /// <summary>The failover fleet's lease renewal interval (the fast-failover setting; the agent's default is 10 s).</summary>
    public TimeSpan FailoverLeaseInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The failover control plane's node grace period: how long a node may go without renewing before it is NotReady
    /// (the server's NodeGracePeriod; its default is 40 s).
    /// </summary>
    public TimeSpan FailoverGrace { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The pods' <c>tolerationSeconds</c> for the unreachable and not-ready taints (Kubernetes' default: 300).</summary>
    public int TolerationSeconds { get; init; }

    /// <summary>A running server to target instead of starting one (with <see cref="Token"/> and <see cref="Storage"/>).</summary>
    public Uri? Server { get; init; }

    public string? Token { get; init; }

    /// <summary>The storage connection string of a running server's account, for the store-ceiling scenario.</summary>
    public string? Storage { get; init; }

    /// <summary>Where the Markdown table and the JSON go.</summary>
    public string Output { get; init; } = Path.Combine("artifacts", "fleet");

    public const string Usage = """
        Orchestrator.Fleet: a simulated fleet of agents against the control plane; prints one Markdown table and writes
        it with a JSON copy to --out. The idle, burst and API scenarios run with the product's default settings; the
        failover scenario runs on a second control plane and fleet with fast-failover settings.

          --store sqlite|table   the started server's store: its SQLite file (default) or Table Storage on an Azurite
                                 this run starts too
          --nodes N              simulated nodes (default 500)
          --pods P               pods in the burst (default 5000)
          --deployments D        Deployments sharing the pods (default 50)
          --failover-agents K    agents stopped by the failover scenario (default: a tenth of the nodes)
          --failover-pods F      pods the failover fleet runs before (default: two per node)
          --idle-minutes T       length of the idle-cost scenario (default 2)
          --api-clients C        concurrent API clients (default 200)
          --api-seconds S        length of the API-latency scenario (default 20)
          --failover-lease S     the failover fleet's lease interval in seconds (default 2; agents' default 10)
          --failover-grace S     the failover server's node grace period in seconds (default 8; server's default 40)
          --toleration-seconds S the pods' unreachable/not-ready tolerationSeconds (default 0; Kubernetes' 300)
          --no-footprint         skip publishing and measuring one real agent process
          --no-failover          skip the failover scenario (and its second control plane and fleet)
          --server URL --token T [--storage CONNECTION]
                                 target a running server (and its storage account) instead of starting one
          --out DIR              output folder (default artifacts/fleet)

        The Kubernetes scalability limits: --nodes 5000 --pods 150000 --deployments 1500.
        """;

    public static FleetOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FleetOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{name} needs a whole number");
            options = name switch
            {
                "--store" => options with { Store = Value() },
                "--nodes" => options with { Nodes = Number() },
                "--pods" => options with { Pods = Number() },
                "--deployments" => options with { Deployments = Number() },
                "--failover-agents" => options with { FailoverAgentsOption = Number() },
                "--failover-pods" => options with { FailoverPodsOption = Number() },
                "--idle-minutes" => options with { IdleTime = TimeSpan.FromMinutes(Number()) },
                "--api-clients" => options with { ApiClients = Number() },
                "--api-seconds" => options with { ApiTime = TimeSpan.FromSeconds(Number()) },
                "--failover-lease" => options with { FailoverLeaseInterval = TimeSpan.FromSeconds(Number()) },
                "--failover-grace" => options with { FailoverGrace = TimeSpan.FromSeconds(Number()) },
                "--toleration-seconds" => options with { TolerationSeconds = Number() },
                "--no-footprint" => options with { Footprint = false },
                "--no-failover" => options with { Failover = false },
                "--server" => options with { Server = new Uri(Value()) },
                "--token" => options with { Token = Value() },
                "--storage" => options with { Storage = Value() },
                "--out" => options with { Output = Value() },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.Store is not ("sqlite" or "table"))
        {
            throw new ArgumentException("--store must be sqlite or table");
        }

        if (options.Nodes < 1 || options.Deployments < 1 || options.Pods < options.Deployments)
        {
            throw new ArgumentException("--nodes and --deployments must be at least 1, and --pods at least --deployments");
        }

        if (options.FailoverAgents >= options.Nodes || options.FailoverAgents < 1 || options.FailoverPods < 1)
        {
            throw new ArgumentException("--failover-agents must be at least 1 and below --nodes (their pods need somewhere to go), --failover-pods at least 1");
        }

        if (options.FailoverLeaseInterval <= TimeSpan.Zero || options.FailoverGrace <= options.FailoverLeaseInterval)
        {
            throw new ArgumentException("--failover-lease must be at least 1 and --failover-grace longer than it");
        }

        if (options.Server is not null && options.Token is null)
        {
            throw new ArgumentException("--server needs --token (an admin API key)");
        }

        return options;
    }
}
