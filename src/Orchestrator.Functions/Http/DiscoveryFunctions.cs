using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.ControlPlane.Api;

namespace Orchestrator.Functions.Http;

/// <summary>
/// Health and the discovery documents. Function names and templates are those of <see cref="ApiRoutes"/> (attribute
/// arguments must be constants; a test compares the generated functions.metadata with the table). Every trigger is
/// Anonymous for the Functions runtime because <see cref="ApiDispatcher"/> authenticates (API keys) and authorizes itself.
/// </summary>
public sealed class DiscoveryFunctions
{
    private readonly HttpFunctionAdapter _adapter;

    public DiscoveryFunctions(HttpFunctionAdapter adapter) => _adapter = adapter;

    [Function(nameof(Healthz))]
    public Task<IActionResult> Healthz(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.Healthz, new Dictionary<string, string?>());

    [Function(nameof(Version))]
    public Task<IActionResult> Version(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "version")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.Version, new Dictionary<string, string?>());

    [Function(nameof(CoreApiVersions))]
    public Task<IActionResult> CoreApiVersions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreApiVersions, new Dictionary<string, string?>());

    [Function(nameof(ApiGroups))]
    public Task<IActionResult> ApiGroups(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "apis")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.ApiGroups, new Dictionary<string, string?>());

    [Function(nameof(CoreResources))]
    public Task<IActionResult> CoreResources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1")] HttpRequest request) =>
        _adapter.HandleAsync(request, ApiRoutes.CoreResources, new Dictionary<string, string?>());

    [Function(nameof(GroupResources))]
    public Task<IActionResult> GroupResources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "apis/{group}/{version}")] HttpRequest request,
        string group,
        string version) =>
        _adapter.HandleAsync(request, ApiRoutes.GroupResources, new Dictionary<string, string?> { ["group"] = group, ["version"] = version });
}
