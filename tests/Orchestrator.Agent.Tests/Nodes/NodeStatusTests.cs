using System.Runtime.InteropServices;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Tests.Runtime;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Nodes;

public sealed class NodeStatusTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Build_ReportsCapacityReadyAddressesAndSystemInfo()
    {
        using var processes = new ProcessDriverFixture();
        using var agent = new AgentHarness(options =>
        {
            options.NodeAddress = "10.9.8.7";
            options.MaxPods = 50;
        });
        var probe = new NodeSystemProbe();
        var builder = new NodeStatusBuilder(probe, new NodeAddressResolver(agent.WrappedOptions, agent.Time), processes.NewDriver(), agent.WrappedOptions);
        var now = agent.Time.GetUtcNow();

        var status = builder.Build(now, now.AddMinutes(-5));

        Assert.Equal(Environment.ProcessorCount, (int)status.Capacity!["cpu"].Value);
        Assert.EndsWith("Ki", status.Capacity["memory"].Text, StringComparison.Ordinal);
        Assert.True(status.Capacity["memory"].Value > 0);
        Assert.Equal(50, (int)status.Capacity["pods"].Value);
        Assert.Equal(status.Capacity, status.Allocatable);
        var ready = Assert.Single(status.Conditions!);
        Assert.Equal(("Ready", "True", "AgentReady"), (ready.Type, ready.Status, ready.Reason));
        Assert.Equal(now, ready.LastHeartbeatTime);
        Assert.Equal(now.AddMinutes(-5), ready.LastTransitionTime);
        Assert.Equal(["InternalIP", "Hostname"], status.Addresses!.Select(address => address.Type));
        Assert.Equal("10.9.8.7", status.Addresses![0].Address);
        Assert.Equal("linux", status.NodeInfo!.OperatingSystem);
        Assert.Equal(NodeSystemProbe.KubernetesArchitecture(RuntimeInformation.OSArchitecture), status.NodeInfo.Architecture);
        Assert.StartsWith("orch-agent/", status.NodeInfo.KubeletVersion, StringComparison.Ordinal);
        Assert.Equal("process://" + Environment.Version, status.NodeInfo.ContainerRuntimeVersion);
        Assert.Equal(File.ReadAllText("/etc/machine-id").Trim(), status.NodeInfo.MachineID);
        Assert.Equal("process", Assert.Single(status.RuntimeHandlers!).Name);
    }

    [Fact]
    public void Probe_ParsesMemInfoAndOsRelease()
    {
        var meminfo = Path.Combine(_files.Path, "meminfo");
        File.WriteAllText(meminfo, "MemTotal:       16303016 kB\nMemFree:         1000 kB\n");
        var osRelease = Path.Combine(_files.Path, "os-release");
        File.WriteAllText(osRelease, "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");

        Assert.Equal(16303016, NodeSystemProbe.ReadMemTotalKi(meminfo));
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", NodeSystemProbe.ReadOsRelease(osRelease, "PRETTY_NAME"));
        Assert.Equal("amd64", NodeSystemProbe.KubernetesArchitecture(Architecture.X64));
        Assert.Equal("arm64", NodeSystemProbe.KubernetesArchitecture(Architecture.Arm64));
    }
}
