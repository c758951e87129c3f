using System.Text.Json.Nodes;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// One real agent process of a <see cref="LocalSystem"/>: its node name, its loopback address (every address of
/// 127.0.0.0/8 is the local machine, so several nodes share one host and no traffic leaves it) and its state directory.
/// </summary>
internal sealed class AgentNode
{
    private readonly string _serverUrl;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly IReadOnlyList<string>? _launcher;

    /// <param name="name">The node name.</param>
    /// <param name="address">The node's address.</param>
    /// <param name="stateDirectory">The agent's state directory.</param>
    /// <param name="serverUrl">The server's URL.</param>
    /// <param name="environment">Extra agent settings, as environment variables.</param>
    /// <param name="launcher">What the agent is started through (<c>ip netns exec &lt;ns&gt;</c>); nothing when null.</param>
    public AgentNode(string name, string address, string stateDirectory, string serverUrl, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? launcher = null)
    {
        _launcher = launcher;
        Name = name;
        Address = address;
        StateDirectory = stateDirectory;
        _serverUrl = serverUrl;
        _environment = environment;
    }

    public string Name { get; }

    /// <summary>The node's InternalIP, also its pods' hostIP and podIP.</summary>
    public string Address { get; }

    public string StateDirectory { get; }

    /// <summary>The running (or last) agent process; null before the first start.</summary>
    public ChildProcess? Process { get; private set; }

    /// <summary>Starts the agent; without a join token it uses the credential it stored when it joined.</summary>
    public void Start(string? joinToken = null)
    {
        List<string> args = ["--server", _serverUrl, "--state-dir", StateDirectory, "--node-name", Name];
        if (joinToken is not null)
        {
            args.AddRange(["--join-token", joinToken]);
        }

        var environment = new Dictionary<string, string>(_environment)
        {
            // Quicker than the defaults so that a test sees each step within seconds.
            ["Agent__ResyncInterval"] = "00:00:05",
            ["Agent__LeaseInterval"] = "00:00:02",

            // Pods (and probes) are addressed on loopback: tests send traffic nowhere else.
            ["Agent__NodeAddress"] = Address,
        };
        Process = ChildProcess.StartDotnet(BuiltProgram.PathOf("Orchestrator.Agent", "orch-agent.dll"), args, environment, _launcher);
    }

    /// <summary>Kills the agent outright (SIGKILL), as a crash or a power cut would; its workloads keep running.</summary>
    public async Task KillAsync()
    {
        if (Process is { HasExited: false } process)
        {
            Posix.Kill(process.Pid, Posix.SigKill);
            await process.StopAsync();
        }
    }

    /// <summary>The pids of the workloads this agent recorded (its container records).</summary>
    public IEnumerable<int> WorkloadPids()
    {
        var records = Path.Combine(StateDirectory, "containers");
        if (!Directory.Exists(records))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(records, "*.json"))
        {
            int? pid;
            try
            {
                pid = JsonNode.Parse(File.ReadAllText(file))?["pid"]?.GetValue<int>();
            }
            catch (IOException)
            {
                // Removed while being read: the agent dropped the record.
                continue;
            }

            if (pid is int value)
            {
                yield return value;
            }
        }
    }
}
