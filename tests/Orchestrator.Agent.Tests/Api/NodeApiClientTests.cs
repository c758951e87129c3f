using System.Net;
using System.Text.Json;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Tests.Api;

public sealed class NodeApiClientTests : IDisposable
{
    private readonly AgentHarness _agent = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task JoinAsync_SendsTheJoinTokenAndNodeName()
    {
        _agent.Answer("POST /agent/v1/join", HttpStatusCode.Created,
            """{"nodeName":"node-1","token":"t","channel":{"kind":"storage-queue","address":"http://q/x?sig=1","expiresOn":"2025-01-02T00:00:00Z"}}""");

        var response = await _agent.Api.JoinAsync(new Uri("http://control-plane.test"), "join-123", new JoinRequest("node-1"), CancellationToken.None);

        Assert.Equal("t", response.Token);
        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal("Bearer join-123", request.Authorization);
        Assert.Equal("""{"nodeName":"node-1"}""", request.Body);
    }

    [Fact]
    public async Task Routes_ServerWithPathPrefix_KeepThePrefix()
    {
        var identity = new NodeIdentity();
        identity.Set(new NodeCredential(new Uri("http://control-plane.test/orch"), "node-1", "t"));
        var api = new NodeApiClient(new FakeHttpClientFactory(_agent.ControlPlane), identity);
        _agent.Answer("PUT /orch/agent/v1/nodes/node-1/lease", HttpStatusCode.OK, """{"renewTime":"2025-01-01T12:00:00Z"}""");

        await api.RenewLeaseAsync(new LeaseRenewal("node-1", 40), CancellationToken.None);

        Assert.Equal("""{"holderIdentity":"node-1","leaseDurationSeconds":40}""", Assert.Single(_agent.ControlPlane.Requests).Body);
    }

    [Fact]
    public async Task ListPodsAsync_SelectsThisNodesPodsWithTheNodeToken()
    {
        _agent.Join();
        _agent.Answer("GET /api/v1/pods", HttpStatusCode.OK, """{"apiVersion":"v1","kind":"PodList","metadata":{},"items":[]}""");

        await _agent.Api.ListPodsAsync(CancellationToken.None);

        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal("?fieldSelector=spec.nodeName%3Dnode-1", request.Uri.Query);
        Assert.Equal("Bearer " + AgentHarness.Token, request.Authorization);
    }

    [Fact]
    public async Task PatchNodeStatusAsync_SendsAMergePatchOfTheStatus()
    {
        _agent.Join();
        _agent.Answer("PATCH /api/v1/nodes/node-1/status", HttpStatusCode.OK);

        await _agent.Api.PatchNodeStatusAsync(new NodeStatus { Conditions = [new NodeCondition { Type = "Ready", Status = "True" }] }, CancellationToken.None);

        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        var status = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("status", status.Name);
        Assert.Equal("Ready", JsonSerializer.Deserialize(status.Value.GetRawText(), KubeJsonContext.Default.NodeStatus)!.Conditions![0].Type);
    }

    [Fact]
    public async Task Calls_ErrorStatus_BecomeNodeApiExceptionWithCodeAndReason()
    {
        _agent.Join();
        _agent.Answer("PUT /agent/v1/nodes/node-1/lease", HttpStatusCode.Unauthorized, FakeControlPlane.StatusJson(401, "Unauthorized", "token revoked"));

        var error = await Assert.ThrowsAsync<NodeApiException>(() => _agent.Api.RenewLeaseAsync(new LeaseRenewal("node-1", 40), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Unauthorized", error.Reason);
        Assert.True(error.IsCredentialRejected);
        Assert.Contains("token revoked", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AgentHarness.Token, error.Message, StringComparison.Ordinal);
    }
}
