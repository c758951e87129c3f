using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>The agent's shared pieces over a temporary state directory, a fake control plane and a fake clock.</summary>
internal sealed class AgentHarness : IDisposable
{
    public const string Token = "node-token-s3cr3t";

    private readonly TempDirectory _state = new();

    public AgentHarness(Action<AgentOptions>? configure = null)
    {
        Options = TestOptions.Agent(_state.Path, configure);
        Paths = new StatePaths(Options.StateDirectory);
        Api = new NodeApiClient(new FakeHttpClientFactory(ControlPlane), Identity);
        Desired = new DesiredPodStore(Paths, NullLogger<DesiredPodStore>.Instance);
        Buffer = new PodStatusBuffer(64);
    }

    public AgentOptions Options { get; }

    public IOptions<AgentOptions> WrappedOptions => Microsoft.Extensions.Options.Options.Create(Options);

    public StatePaths Paths { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeControlPlane ControlPlane { get; } = new();

    public NodeIdentity Identity { get; } = new();

    public NodeApiClient Api { get; }

    public AgentSignals Signals { get; } = new();

    public DesiredPodStore Desired { get; }

    public PodStatusBuffer Buffer { get; }

    public void Join() => Identity.Set(new NodeCredential(new Uri("http://control-plane.test/"), "node-1", Token));

    public void Answer(string route, HttpStatusCode code, string json = "{}") => ControlPlane.On(route, code, json);

    public void Dispose()
    {
        ControlPlane.Dispose();
        _state.Dispose();
    }
}
