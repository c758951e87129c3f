using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.ControlPlane.Api;

namespace Orchestrator.Functions.Http;

/// <summary>
/// Objects of the core group (<c>/api/v1/...</c>). Names and templates are those of <see cref="ApiRoutes"/>;
/// Anonymous for the Functions runtime because <see cref="ApiDispatcher"/> authenticates and authorizes itself.
/// </summary>
public sealed class CoreObjectFunctions
{
    private readonly HttpFunctionAdapter _adapter;

    public CoreObjectFunctions(HttpFunctionAdapter adapter) => _adapter = adapter;

    [Function(nameof(CoreCollection))]
    public Task<IActionResult> CoreCollection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/v1/{resource}")] HttpRequest request,
        string resource) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreCollection, new Dictionary<string, string?> { ["resource"] = resource });

    [Function(nameof(CoreItem))]
    public Task<IActionResult> CoreItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "patch", "delete", Route = "api/v1/{resource}/{name}")] HttpRequest request,
        string resource,
        string name) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreItem, new Dictionary<string, string?> { ["resource"] = resource, ["name"] = name });

    [Function(nameof(CoreSubresource))]
    public Task<IActionResult> CoreSubresource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", Route = "api/v1/{resource}/{name}/{subresource}")] HttpRequest request,
        string resource,
        string name,
        string subresource) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreSubresource, new Dictionary<string, string?> { ["resource"] = resource, ["name"] = name, ["subresource"] = subresource });

    [Function(nameof(CoreNamespacedCollection))]
    public Task<IActionResult> CoreNamespacedCollection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/v1/namespaces/{namespace}/{resource}")] HttpRequest request,
        string @namespace,
        string resource) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreNamespacedCollection, new Dictionary<string, string?> { ["namespace"] = @namespace, ["resource"] = resource });

    [Function(nameof(CoreNamespacedItem))]
    public Task<IActionResult> CoreNamespacedItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "patch", "delete", Route = "api/v1/namespaces/{namespace}/{resource}/{name}")] HttpRequest request,
        string @namespace,
        string resource,
        string name) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreNamespacedItem, new Dictionary<string, string?> { ["namespace"] = @namespace, ["resource"] = resource, ["name"] = name });

    [Function(nameof(CoreNamespacedSubresource))]
    public Task<IActionResult> CoreNamespacedSubresource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", Route = "api/v1/namespaces/{namespace}/{resource}/{name}/{subresource}")] HttpRequest request,
        string @namespace,
        string resource,
        string name,
        string subresource) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreNamespacedSubresource, new Dictionary<string, string?> { ["namespace"] = @namespace, ["resource"] = resource, ["name"] = name, ["subresource"] = subresource });
}
