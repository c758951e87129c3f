using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Identity;

public sealed class NodeJoinServiceTests : IDisposable
{
    private const string JoinAnswer =
        """{"nodeName":"node-1","token":"node-token-s3cr3t","channel":{"kind":"storage-queue","address":"http://q/x?sig=1","expiresOn":"2025-01-02T00:00:00Z"}}""";

    private readonly AgentHarness _agent = new(options => options.JoinToken = "join-123");
    private readonly FakeLifetime _lifetime = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task EstablishAsync_NoCredential_JoinsAndStoresTheCredentialReadableByItsOwnerOnly()
    {
        _agent.Answer("POST /agent/v1/join", HttpStatusCode.Created, JoinAnswer);

        await Service().EstablishAsync(CancellationToken.None);

        var credential = _agent.Identity.Current!;
        Assert.Equal("node-1", credential.NodeName);
        Assert.Equal("node-token-s3cr3t", credential.Token);
        Assert.Equal("storage-queue", _agent.Identity.JoinGrant!.Kind);
        Assert.Equal("Bearer join-123", Assert.Single(_agent.ControlPlane.Requests).Authorization);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_agent.Paths.CredentialFile));
        var stored = await File.ReadAllTextAsync(_agent.Paths.CredentialFile);
        Assert.Contains("\"token\": \"node-token-s3cr3t\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"server\": \"http://control-plane.test/\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstablishAsync_CredentialStored_ReusesItWithoutJoining()
    {
        _agent.Answer("POST /agent/v1/join", HttpStatusCode.Created, JoinAnswer);
        await Service().EstablishAsync(CancellationToken.None);

        using var restarted = new AgentHarness(options => options.StateDirectory = _agent.Options.StateDirectory);
        var service = new NodeJoinService(restarted.WrappedOptions, new CredentialStore(restarted.Paths, NullLogger<CredentialStore>.Instance), restarted.Identity, restarted.Api, _lifetime, restarted.Time, NullLogger<NodeJoinService>.Instance);
        await service.EstablishAsync(CancellationToken.None);

        Assert.Equal("node-token-s3cr3t", restarted.Identity.Current!.Token);
        Assert.Empty(restarted.ControlPlane.Requests);
    }

    [Fact]
    public async Task EstablishAsync_StoredCredentialOfAnotherServer_RefusesToStart()
    {
        _agent.Answer("POST /agent/v1/join", HttpStatusCode.Created, JoinAnswer);
        await Service().EstablishAsync(CancellationToken.None);

        using var other = new AgentHarness(options =>
        {
            options.StateDirectory = _agent.Options.StateDirectory;
            options.ServerUrl = new Uri("http://elsewhere.test/");
        });
        var service = new NodeJoinService(other.WrappedOptions, new CredentialStore(other.Paths, NullLogger<CredentialStore>.Instance), other.Identity, other.Api, _lifetime, other.Time, NullLogger<NodeJoinService>.Instance);

        var error = await Assert.ThrowsAsync<AgentStartupException>(() => service.EstablishAsync(CancellationToken.None));
        Assert.Contains("elsewhere.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoCredentialAndNoJoinToken_StopsTheAgentWithAReason()
    {
        using var agent = new AgentHarness();
        var service = new NodeJoinService(agent.WrappedOptions, new CredentialStore(agent.Paths, NullLogger<CredentialStore>.Instance), agent.Identity, agent.Api, _lifetime, agent.Time, NullLogger<NodeJoinService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _lifetime.StopRequested, "the agent stops");

        Assert.Contains("no join token", agent.Identity.StartupFailure, StringComparison.Ordinal);
        Assert.Null(agent.Identity.Current);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_JoinTokenRejected_BacksOffInsteadOfSpinning()
    {
        _agent.Answer("POST /agent/v1/join", HttpStatusCode.Unauthorized, FakeControlPlane.StatusJson(401, "Unauthorized", "join token expired"));
        var service = Service();

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count("POST /agent/v1/join") == 1, "the first join attempt");
        await Task.Delay(100);
        _agent.Time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.Equal(1, _agent.ControlPlane.Count("POST /agent/v1/join"));

        _agent.ControlPlane.On("POST /agent/v1/join", HttpStatusCode.Created, JoinAnswer);
        _agent.Time.Advance(TimeSpan.FromSeconds(1));
        await _agent.Identity.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _agent.ControlPlane.Count("POST /agent/v1/join"));
        Assert.False(_lifetime.StopRequested);
        await service.StopAsync(CancellationToken.None);
    }

    private NodeJoinService Service() =>
        new(_agent.WrappedOptions, new CredentialStore(_agent.Paths, NullLogger<CredentialStore>.Instance), _agent.Identity, _agent.Api, _lifetime, _agent.Time, NullLogger<NodeJoinService>.Instance);
}
