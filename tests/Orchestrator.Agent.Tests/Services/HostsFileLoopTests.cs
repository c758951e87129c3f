using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Services;
using Orchestrator.Agent.Tests.Support;
using static Orchestrator.Agent.Tests.Services.TestServices;

namespace Orchestrator.Agent.Tests.Services;

public sealed class HostsFileLoopTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly AgentHarness _agent;

    public HostsFileLoopTests()
    {
        var hosts = Path.Combine(_directory.Path, "hosts");
        File.WriteAllText(hosts, "127.0.0.1 localhost\n");
        _agent = new AgentHarness(options => options.Services = new AgentServicesOptions { HostsFile = hosts });
    }

    public void Dispose()
    {
        _agent.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Loop_TableChanges_BlockFollowsIt()
    {
        var table = new ServiceTable(_agent.Paths, NullLogger<ServiceTable>.Instance);
        var loop = new HostsFileLoop(table, _agent.WrappedOptions, _agent.Time, NullLogger<HostsFileLoop>.Instance);
        var hosts = _agent.Options.Services.HostsFile!;
        await loop.StartAsync(CancellationToken.None);

        table.Replace(new ServiceSnapshot([Service("web", "127.96.0.10", Port(80))], []));

        await Eventually.TrueAsync(() => File.ReadAllText(hosts).Contains("127.96.0.10 web web.default", StringComparison.Ordinal), "the hosts file names the Service");
        Assert.StartsWith("127.0.0.1 localhost\n", File.ReadAllText(hosts), StringComparison.Ordinal);
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Sync_NoHostsFileConfigured_WritesNothing()
    {
        using var other = new AgentHarness();
        var table = new ServiceTable(other.Paths, NullLogger<ServiceTable>.Instance);
        table.Replace(new ServiceSnapshot([Service("web", "127.96.0.10", Port(80))], []));

        Assert.False(new HostsFileLoop(table, other.WrappedOptions, other.Time, NullLogger<HostsFileLoop>.Instance).Sync());
    }
}
