using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.ControlPlane.Api;

namespace Orchestrator.Functions.Http;

/// <summary>
/// Objects of named groups (<c>/apis/{group}/{version}/...</c>). Names and templates are those of
/// <see cref="ApiRoutes"/>; Anonymous for the Functions runtime because <see cref="ApiDispatcher"/> authenticates
/// and authorizes itself.
/// </summary>
public sealed class GroupObjectFunctions
{
    private readonly HttpFunctionAdapter _adapter;

    public GroupObjectFunctions(HttpFunctionAdapter adapter) => _adapter = adapter;

    [Function(nameof(GroupCollection))]
    public Task<IActionResult> GroupCollection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "apis/{group}/{version}/{resource}")] HttpRequest request,
        string group,
        string version,
        string resource) =>
        _adapter.HandleAsync(request, ApiRoutes.GroupCollection, new Dictionary<string, string?> { ["group"] = group, ["version"] = version, ["resource"] = resource });

    [Function(nameof(GroupItem))]
    public Task<IActionResult> GroupItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "patch", "delete", Route = "apis/{group}/{version}/{resource}/{name}")] HttpRequest request,
        string group,
        string version,
        string resource,
        string name) =>
        _adapter.HandleAsync(request, ApiRoutes.GroupItem, new Dictionary<string, string?> { ["group"] = group, ["version"] = version, ["resource"] = resource, ["name"] = name });

    [Function(nameof(GroupNamespacedCollection))]
    public Task<IActionResult> GroupNamespacedCollection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "apis/{group}/{version}/namespaces/{namespace}/{resource}")] HttpRequest request,
        string group,
        string version,
        string @namespace,
        string resource) =>
        _adapter.HandleAsync(request, ApiRoutes.GroupNamespacedCollection, new Dictionary<string, string?> { ["group"] = group, ["version"] = version, ["namespace"] = @namespace, ["resource"] = resource });

    [Function(nameof(GroupNamespacedItem))]
    public Task<IActionResult> GroupNamespacedItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "patch", "delete", Route = "apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}")] HttpRequest request,
        string group,
        string version,
        string @namespace,
        string resource,
        string name) =>
        _adapter.HandleAsync(request, ApiRoutes.GroupNamespacedItem, new Dictionary<string, string?> { ["group"] = group, ["version"] = version, ["namespace"] = @namespace, ["resource"] = resource, ["name"] = name });

    [Function(nameof(GroupNamespacedSubresource))]
    public Task<IActionResult> GroupNamespacedSubresource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", Route = "apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}/{subresource}")] HttpRequest request,
        string group,
        string version,
        string @namespace,
        string resource,
        string name,
        string subresource) =>
        _adapter.HandleAsync(request, ApiRoutes.GroupNamespacedSubresource, new Dictionary<string, string?> { ["group"] = group, ["version"] = version, ["namespace"] = @namespace, ["resource"] = resource, ["name"] = name, ["subresource"] = subresource });
}
