using Orchestrator.ControlPlane.Auth;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Labels;

namespace Orchestrator.ControlPlane.Api;

/// <summary>Which role may do what: admins everything in their tenant, a node's agent only what its own node needs.</summary>
public sealed partial class ApiDispatcher
{
    private static void Authorize(ApiContext context, ResourceKind kind, string? ns, string? name, string? subresource)
    {
        var caller = context.Caller;
        if (caller.IsAdmin)
        {
            return;
        }

        if (caller.Role == ApiKeyRoles.Node && caller.NodeName is { } node)
        {
            var ownNode = kind == ResourceRegistry.Nodes && name == node &&
                (context.Method == "GET" || (subresource == "status" && context.Method is "PUT" or "PATCH"));
            var ownPods = kind == ResourceRegistry.Pods && name is null && context.Method == "GET" &&
                context.Query("fieldSelector") is { } query &&
                FieldSelector.TryParse(query, kind.FieldSelectors, out var fields, out _) &&
                fields.TryGetExact("spec.nodeName", out var selected) && selected == node;
            // As Kubernetes' node authorizer lets kube-proxy: read the tenant's Services and their endpoints, never write.
            var serviceTable = (kind == ResourceRegistry.Services || kind == ResourceRegistry.EndpointSlices) &&
                subresource is null && context.Method == "GET";
            if (ownNode || ownPods || serviceTable)
            {
                return;
            }
        }

        throw new ApiException(StatusErrors.Forbidden(ForbiddenMessage(caller, kind, ns, name, subresource, context.Method)));
    }

    private static void RequireNode(ApiContext context, string? node)
    {
        var caller = context.Caller;
        if (node is null || !(caller.IsAdmin || caller.IsNode(node)))
        {
            throw new ApiException(StatusErrors.Forbidden($"User \"{caller.UserName}\" cannot act for node \"{node}\": a node's credential acts for its own node only"));
        }
    }

    /// <summary>
    /// Stricter than <see cref="RequireNode"/>: the node's own credential and nothing else, not even an admin's. For the
    /// routes where another caller would take what is the agent's (its messages, which a poll acknowledges) or speak
    /// for it (its answers to log requests).
    /// </summary>
    private static void RequireNodeItself(ApiContext context, string? node)
    {
        var caller = context.Caller;
        if (node is null || !caller.IsNode(node))
        {
            throw new ApiException(StatusErrors.Forbidden($"User \"{caller.UserName}\" cannot act as node \"{node}\": only that node's own credential can"));
        }
    }

    private static string ForbiddenMessage(CallerIdentity caller, ResourceKind kind, string? ns, string? name, string? subresource, string method)
    {
        var verb = method switch
        {
            "GET" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        var resource = subresource is null ? kind.Plural : $"{kind.Plural}/{subresource}";
        var subject = name is null ? resource : $"{resource} \"{name}\"";
        var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        return $"{subject} is forbidden: User \"{caller.UserName}\" cannot {verb} resource \"{resource}\" in API group \"{kind.Group}\" {scope}";
    }
}
