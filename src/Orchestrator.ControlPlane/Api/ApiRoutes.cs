namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// The route table both hosts serve: the standalone server maps each entry, the Functions app declares one HTTP
/// trigger per entry, and a test proves the two agree.
/// </summary>
public static class ApiRoutes
{
    private static readonly string[] Read = ["GET"];
    private static readonly string[] Collection = ["GET", "POST"];
    private static readonly string[] Item = ["GET", "PUT", "PATCH", "DELETE"];
    private static readonly string[] Subresource = ["GET", "POST", "PUT", "PATCH"];

    public static ApiRoute Healthz { get; } = new("Healthz", "healthz", Read, Anonymous: true);

    /// <summary>Process-wide counters in the Prometheus text format, for administrators (ApiDispatcher.Metrics.cs).</summary>
    public static ApiRoute Metrics { get; } = new("Metrics", "metrics", Read);

    public static ApiRoute Version { get; } = new("Version", "version", Read);

    public static ApiRoute CoreApiVersions { get; } = new("CoreApiVersions", "api", Read);

    public static ApiRoute ApiGroups { get; } = new("ApiGroups", "apis", Read);

    public static ApiRoute CoreResources { get; } = new("CoreResources", "api/v1", Read);

    public static ApiRoute GroupResources { get; } = new("GroupResources", "apis/{group}/{version}", Read);

    public static ApiRoute CoreCollection { get; } = new("CoreCollection", "api/v1/{resource}", Collection);

    public static ApiRoute CoreItem { get; } = new("CoreItem", "api/v1/{resource}/{name}", Item);

    public static ApiRoute CoreSubresource { get; } = new("CoreSubresource", "api/v1/{resource}/{name}/{subresource}", Subresource);

    public static ApiRoute CoreNamespacedCollection { get; } = new("CoreNamespacedCollection", "api/v1/namespaces/{namespace}/{resource}", Collection);

    public static ApiRoute CoreNamespacedItem { get; } = new("CoreNamespacedItem", "api/v1/namespaces/{namespace}/{resource}/{name}", Item);

    public static ApiRoute CoreNamespacedSubresource { get; } = new("CoreNamespacedSubresource", "api/v1/namespaces/{namespace}/{resource}/{name}/{subresource}", Subresource);

    public static ApiRoute GroupCollection { get; } = new("GroupCollection", "apis/{group}/{version}/{resource}", Collection);

    public static ApiRoute GroupItem { get; } = new("GroupItem", "apis/{group}/{version}/{resource}/{name}", Item);

    public static ApiRoute GroupNamespacedCollection { get; } = new("GroupNamespacedCollection", "apis/{group}/{version}/namespaces/{namespace}/{resource}", Collection);

    public static ApiRoute GroupNamespacedItem { get; } = new("GroupNamespacedItem", "apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}", Item);

    public static ApiRoute GroupNamespacedSubresource { get; } = new("GroupNamespacedSubresource", "apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}/{subresource}", Subresource);

    public static ApiRoute JoinTokens { get; } = new("JoinTokens", "agent/v1/jointokens", ["POST"]);

    public static ApiRoute Join { get; } = new("Join", "agent/v1/join", ["POST"]);

    public static ApiRoute NodeChannel { get; } = new("NodeChannel", "agent/v1/nodes/{node}/channel", Read);

    public static ApiRoute NodeLease { get; } = new("NodeLease", "agent/v1/nodes/{node}/lease", ["PUT"]);

    /// <summary>The agent long-polls its node's mailbox on the standalone server (docs/adr/0018; ApiDispatcher.NodeMessages.cs).</summary>
    public static ApiRoute NodeMessages { get; } = new("NodeMessages", "agent/v1/nodes/{node}/messages", Read);

    /// <summary>The agent puts its answer to a log request on the standalone server (docs/adr/0018; ApiDispatcher.NodeLogUpload.cs).</summary>
    public static ApiRoute NodeLogUpload { get; } = new("NodeLogUpload", "agent/v1/nodes/{node}/logs/{requestId}", ["PUT"]);

    public static ApiRoute NodePodStatus { get; } = new("NodePodStatus", "agent/v1/nodes/{node}/podstatus", ["POST"]);

    public static ApiRoute NodeSecret { get; } = new("NodeSecret", "agent/v1/nodes/{node}/secrets/{namespace}/{name}", Read);

    /// <summary>The agent finalizes a terminating pod of its node once its containers have stopped.</summary>
    public static ApiRoute NodePod { get; } = new("NodePod", "agent/v1/nodes/{node}/pods/{namespace}/{name}", ["DELETE"]);

    /// <summary>Any path no other route matches; answered 404 (after authentication, as Kubernetes does).</summary>
    public static ApiRoute NotFound { get; } = new("NotFound", "{*path}", ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Healthz, Metrics, Version, CoreApiVersions, ApiGroups, CoreResources, GroupResources,
        CoreCollection, CoreItem, CoreSubresource,
        CoreNamespacedCollection, CoreNamespacedItem, CoreNamespacedSubresource,
        GroupCollection, GroupItem,
        GroupNamespacedCollection, GroupNamespacedItem, GroupNamespacedSubresource,
        JoinTokens, Join, NodeChannel, NodeLease, NodeMessages, NodeLogUpload, NodePodStatus, NodeSecret, NodePod,
    ];
}
