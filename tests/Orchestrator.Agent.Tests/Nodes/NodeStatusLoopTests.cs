using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Lease;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Tests.Runtime;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Nodes;

public sealed class NodeStatusLoopTests : IDisposable
{
    private const string Route = "PATCH /api/v1/nodes/node-1/status";

    private readonly ProcessDriverFixture _processes = new();
    private readonly AgentHarness _agent = new(options => options.NodeAddress = "10.9.8.7");
    private readonly LeaseContinuity _continuity = new();

    public void Dispose()
    {
        _agent.Dispose();
        _processes.Dispose();
    }

    [Fact]
    public async Task Loop_LeaseRenewedAfterAGap_SendsTheStatusAtOnceNotAtTheNextInterval()
    {
        _agent.Join();
        _agent.Answer(Route, HttpStatusCode.OK);
        var builder = new NodeStatusBuilder(new NodeSystemProbe(), new NodeAddressResolver(_agent.WrappedOptions, _agent.Time), _processes.NewDriver(), _agent.WrappedOptions);
        var loop = new NodeStatusLoop(_agent.Api, _agent.Identity, builder, _continuity, _agent.WrappedOptions, _agent.Time, NullLogger<NodeStatusLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the status at start");
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _agent.ControlPlane.Count(Route));

        _continuity.Reconnected();
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "the status after the lease came back");
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await loop.StopAsync(CancellationToken.None);

        Assert.Equal(2, _agent.ControlPlane.Count(Route));
    }

    /// <summary>Lets the loop reach its delay before moving the clock, and lets it react after.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await Task.Delay(100);
        _agent.Time.Advance(by);
        await Task.Delay(100);
    }
}
