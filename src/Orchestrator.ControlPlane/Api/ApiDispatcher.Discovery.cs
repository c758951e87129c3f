using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Resources;

namespace Orchestrator.ControlPlane.Api;

/// <summary>The discovery documents (<c>/version</c>, <c>/api</c>, <c>/apis</c>, resource lists) that Kubernetes clients read first.</summary>
public sealed partial class ApiDispatcher
{
    /// <summary>The Kubernetes API version whose shapes this server follows.</summary>
    public const string KubernetesMinor = "32";

    private Task DiscoveryAsync(ApiContext context)
    {
        var route = context.Route;
        JsonObject document;
        if (route == ApiRoutes.Version)
        {
            document = new JsonObject
            {
                ["major"] = "1",
                ["minor"] = KubernetesMinor,
                ["gitVersion"] = $"v1.{KubernetesMinor}.0-orchestrator.{typeof(ApiDispatcher).Assembly.GetName().Version?.ToString(3)}",
                ["platform"] = $"{(OperatingSystem.IsWindows() ? "windows" : "linux")}/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}",
            };
        }
        else if (route == ApiRoutes.CoreApiVersions)
        {
            document = new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = context.Http.Request.Host.Value }),
            };
        }
        else if (route == ApiRoutes.ApiGroups)
        {
            var groups = new JsonArray();
            foreach (var group in _registry.All.Where(k => k.Group.Length > 0).GroupBy(k => k.Group))
            {
                var groupVersion = new JsonObject { ["groupVersion"] = $"{group.Key}/{group.First().Version}", ["version"] = group.First().Version };
                groups.Add(new JsonObject
                {
                    ["name"] = group.Key,
                    ["versions"] = new JsonArray(groupVersion.DeepClone()),
                    ["preferredVersion"] = groupVersion,
                });
            }

            document = new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
        }
        else
        {
            var group = context.Value("group") ?? "";
            var version = context.Value("version") ?? "v1";
            var kinds = _registry.All.Where(k => k.Group == group && k.Version == version).ToList();
            if (kinds.Count == 0)
            {
                throw new ApiException(StatusErrors.RouteNotFound());
            }

            document = new JsonObject
            {
                ["kind"] = "APIResourceList",
                ["apiVersion"] = "v1",
                ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
                ["resources"] = new JsonArray([.. kinds.SelectMany(ResourceEntries)]),
            };
        }

        return WriteAsync(context.Http, 200, document, ApiJsonContext.Default.JsonObject);
    }

    private static IEnumerable<JsonNode> ResourceEntries(ResourceKind kind)
    {
        yield return new JsonObject
        {
            ["name"] = kind.Plural,
            ["singularName"] = kind.Singular,
            ["namespaced"] = kind.Namespaced,
            ["kind"] = kind.Kind,
            ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update"),
            ["shortNames"] = new JsonArray([.. kind.ShortNames.Select(s => (JsonNode)s)]),
        };
        if (kind.HasStatus)
        {
            yield return new JsonObject
            {
                ["name"] = kind.Plural + "/status",
                ["singularName"] = "",
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = new JsonArray("get", "patch", "update"),
            };
        }

        if (kind == ResourceRegistry.Pods)
        {
            // ApiDispatcher.Eviction.cs. kubectl drain evicts (rather than deletes) only when it finds this entry.
            yield return new JsonObject { ["name"] = kind.Plural + "/" + EvictionSubresource, ["singularName"] = "", ["namespaced"] = true, ["group"] = "policy", ["version"] = "v1", ["kind"] = "Eviction", ["verbs"] = new JsonArray("create") };
        }

        if (kind == ResourceRegistry.Deployments)
        {
            // ApiDispatcher.Rollout.cs: the extensions/v1beta1 rollback subresource, and the rollout history.
            yield return new JsonObject { ["name"] = kind.Plural + "/" + RollbackSubresource, ["singularName"] = "", ["namespaced"] = true, ["kind"] = "DeploymentRollback", ["verbs"] = new JsonArray("create") };
            yield return new JsonObject { ["name"] = kind.Plural + "/" + HistorySubresource, ["singularName"] = "", ["namespaced"] = true, ["kind"] = "DeploymentHistory", ["verbs"] = new JsonArray("get") };
        }
    }
}
