using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.ControlPlane.Api;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The agent's routes (<c>/agent/v1/...</c>): join tokens, joining, the node's channel grant, its lease, its pod
/// status reports, the standalone server's mailbox and log answers (404 here) and the finalization of its terminating
/// pods. Names and templates are those of <see cref="ApiRoutes"/>; Anonymous for the Functions runtime
/// because <see cref="ApiDispatcher"/> authenticates (join tokens, node credentials) and authorizes itself.
/// </summary>
public sealed class AgentFunctions
{
    private readonly HttpFunctionAdapter _adapter;

    public AgentFunctions(HttpFunctionAdapter adapter) => _adapter = adapter;

    [Function(nameof(JoinTokens))]
    public Task<IActionResult> JoinTokens(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agent/v1/jointokens")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.JoinTokens, new Dictionary<string, string?>());

    [Function(nameof(Join))]
    public Task<IActionResult> Join(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agent/v1/join")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.Join, new Dictionary<string, string?>());

    [Function(nameof(NodeChannel))]
    public Task<IActionResult> NodeChannel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agent/v1/nodes/{node}/channel")] HttpRequest request,
        string node) =>
        _adapter.HandleAsync(request, ApiRoutes.NodeChannel, new Dictionary<string, string?> { ["node"] = node });

    [Function(nameof(NodeLease))]
    public Task<IActionResult> NodeLease(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "agent/v1/nodes/{node}/lease")] HttpRequest request,
        string node) =>
        _adapter.HandleAsync(request, ApiRoutes.NodeLease, new Dictionary<string, string?> { ["node"] = node });

    /// <summary>
    /// Always answers 404 through the dispatcher: this host runs on many instances and keeps no node mailboxes, so its
    /// grants name Service Bus or Storage Queues and its agents never poll here (docs/adr/0018).
    /// </summary>
    [Function(nameof(NodeMessages))]
    public Task<IActionResult> NodeMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agent/v1/nodes/{node}/messages")] HttpRequest request,
        string node) =>
        _adapter.HandleAsync(request, ApiRoutes.NodeMessages, new Dictionary<string, string?> { ["node"] = node });

    /// <summary>Always answers 404 through the dispatcher: on this host agents upload log answers to blobs (docs/adr/0018).</summary>
    [Function(nameof(NodeLogUpload))]
    public Task<IActionResult> NodeLogUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "agent/v1/nodes/{node}/logs/{requestId}")] HttpRequest request,
        string node,
        string requestId) =>
        _adapter.HandleAsync(request, ApiRoutes.NodeLogUpload, new Dictionary<string, string?> { ["node"] = node, ["requestId"] = requestId });

    [Function(nameof(NodePodStatus))]
    public Task<IActionResult> NodePodStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agent/v1/nodes/{node}/podstatus")] HttpRequest request,
        string node) =>
        _adapter.HandleAsync(request, ApiRoutes.NodePodStatus, new Dictionary<string, string?> { ["node"] = node });

    [Function(nameof(NodeSecret))]
    public Task<IActionResult> NodeSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agent/v1/nodes/{node}/secrets/{namespace}/{name}")] HttpRequest request,
        string node,
        string @namespace,
        string name) =>
        _adapter.HandleAsync(request, ApiRoutes.NodeSecret, new Dictionary<string, string?> { ["node"] = node, ["namespace"] = @namespace, ["name"] = name });

    [Function(nameof(NodePod))]
    public Task<IActionResult> NodePod(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "agent/v1/nodes/{node}/pods/{namespace}/{name}")] HttpRequest request,
        string node,
        string @namespace,
        string name) =>
        _adapter.HandleAsync(request, ApiRoutes.NodePod, new Dictionary<string, string?> { ["node"] = node, ["namespace"] = @namespace, ["name"] = name });
}
