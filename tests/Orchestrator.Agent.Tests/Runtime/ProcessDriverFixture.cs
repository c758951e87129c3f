using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.State;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Runtime;

/// <summary>A state directory, drivers over it, and a marker that every process of the test carries, to find and kill them.</summary>
internal sealed class ProcessDriverFixture : IDisposable
{
    private readonly TempDirectory _state = new();
    private readonly List<ProcessDriver> _drivers = [];

    public const string NodeName = "node-a";

    /// <summary>The node's address the drivers are configured with (a loopback one: nothing leaves the machine).</summary>
    public const string NodeAddress = "127.0.0.7";

    public string Marker { get; } = "orch-test-" + Guid.NewGuid().ToString("N");

    public StatePaths Paths => new(_state.Path);

    public ProcessDriver NewDriver(TimeProvider? time = null)
    {
        var paths = Paths;
        var options = Options.Create(new AgentOptions { NodeName = NodeName, NodeAddress = NodeAddress });
        var driver = new ProcessDriver(
            paths,
            new ContainerRecordStore(paths, NullLogger<ContainerRecordStore>.Instance),
            new NodeIdentity(),
            new NodeAddressResolver(options, TimeProvider.System),
            options,
            time ?? TimeProvider.System,
            NullLogger<ProcessDriver>.Instance);
        _drivers.Add(driver);
        return driver;
    }

    /// <summary>A shell script that carries the marker in its command line (sh's argv), so it can be counted and killed.</summary>
    public Container Shell(string name, string script) =>
        TestPods.Container(name, "/bin/sh", "-c", script + "\n: " + Marker);

    public static ContainerLaunch Launch(Container spec, string podUid = "uid-1", int restartCount = 0, ContainerTermination? lastState = null) =>
        new("default", "web", podUid, spec, ContainerSpecHash.Compute(spec), restartCount, 0, lastState, TimeSpan.FromSeconds(1));

    public static int Pid(RuntimeContainer container) => int.Parse(container.ContainerId["process://".Length..], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var driver in _drivers)
        {
            driver.Dispose();
        }

        ProcessTable.KillAll(Marker);
        _state.Dispose();
    }
}
