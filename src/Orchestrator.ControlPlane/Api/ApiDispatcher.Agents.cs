using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.ControlPlane.Auth;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Api;

/// <summary>The agent's routes: join tokens, joining, the node channel, heartbeats and batched pod status.</summary>
public sealed partial class ApiDispatcher
{
    /// <summary>How often one status report is applied again to freshly read pods after a write raced it.</summary>
    private const int MaxStatusReportAttempts = 3;

    private async Task CreateJoinTokenAsync(ApiContext context)
    {
        if (!context.Caller.IsAdmin)
        {
            throw new ApiException(StatusErrors.Forbidden($"User \"{context.Caller.UserName}\" cannot create join tokens"));
        }

        var body = await ReadBodyAsync(context, allowEmpty: true);
        var request = body.Length == 0 ? new JoinTokenRequest(null, null) : DecodeBody(body, ApiJsonContext.Default.JoinTokenRequest);
        var lifetime = request.TtlSeconds is { } ttl ? TimeSpan.FromSeconds(ttl) : _options.DefaultJoinTokenLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > _options.MaxJoinTokenLifetime)
        {
            throw new ApiException(StatusErrors.BadRequest($"ttlSeconds: Invalid value: {request.TtlSeconds}: must be between 1 and {(int)_options.MaxJoinTokenLifetime.TotalSeconds}", "ttlSeconds"));
        }

        var (token, record) = await _keys.IssueAsync(context.Caller.Tenant, ApiKeyRoles.Join, null, lifetime, request.Description, context.Aborted);
        await WriteAsync(context.Http, 201, new JoinTokenResponse(token, record.ExpiresAt!.Value), ApiJsonContext.Default.JoinTokenResponse);
    }

    private async Task JoinAsync(ApiContext context)
    {
        var caller = context.Caller;
        if (caller.Role is not (ApiKeyRoles.Join or ApiKeyRoles.Admin))
        {
            throw new ApiException(StatusErrors.Forbidden($"User \"{caller.UserName}\" cannot join nodes: a join token is required"));
        }

        var request = DecodeBody(await ReadBodyAsync(context), NodeApiJsonContext.Default.JoinRequest);
        var node = new Node { Metadata = new ObjectMeta { Name = request.NodeName } };
        var validation = ObjectValidator.ValidateNode(node);
        if (!validation.IsValid)
        {
            var errors = validation.Errors.Select(e => e with { Path = e.Path == "metadata.name" ? "nodeName" : e.Path }).ToList();
            throw new ApiException(StatusErrors.Invalid(ResourceRegistry.Nodes, request.NodeName ?? "", errors));
        }

        // Kubernetes' well-known hostname label, where the name fits a label value (63 characters).
        if (request.NodeName!.Length <= 63)
        {
            node.Metadata.Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = request.NodeName };
        }

        if (await _objects.GetAsync(ResourceRegistry.Nodes, caller.Tenant, "", request.NodeName!, context.Aborted) is null)
        {
            try
            {
                await _objects.CreateAsync(ResourceRegistry.Nodes, caller.Tenant, node, context.Aborted);
            }
            catch (ApiException e) when (e.Status.Reason == "AlreadyExists")
            {
                // Two agents joined the same name at once; both get credentials for it, as kubeadm would allow.
            }
        }

        var (token, _) = await _keys.IssueAsync(caller.Tenant, ApiKeyRoles.Node, request.NodeName, lifetime: null, $"node {request.NodeName}", context.Aborted);
        var grant = await _channel.ProvisionAsync(caller.Tenant, request.NodeName!, context.Aborted);
        LogNodeJoined(_logger, caller.Tenant, request.NodeName!);
        await WriteAsync(context.Http, 201, new JoinResponse(request.NodeName!, token, grant), NodeApiJsonContext.Default.JoinResponse);
    }

    private async Task NodeChannelAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNode(context, node);
        var grant = await _channel.ProvisionAsync(context.Caller.Tenant, node!, context.Aborted);
        await WriteAsync(context.Http, 200, grant, NodeApiJsonContext.Default.NodeChannelGrant);
    }

    private async Task RenewLeaseAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNode(context, node);
        var renewal = DecodeBody(await ReadBodyAsync(context), NodeApiJsonContext.Default.LeaseRenewal);
        if (renewal.LeaseDurationSeconds is < 0 or > 3600)
        {
            throw new ApiException(StatusErrors.BadRequest($"leaseDurationSeconds: Invalid value: {renewal.LeaseDurationSeconds}: must be between 1 and 3600", "leaseDurationSeconds"));
        }

        var now = _time.GetUtcNow();
        var duration = renewal.LeaseDurationSeconds == 0 ? _options.DefaultLeaseDurationSeconds : renewal.LeaseDurationSeconds;
        await _leases.RenewAsync(new NodeLease(context.Caller.Tenant, node!, renewal.HolderIdentity ?? node!, now, duration), context.Aborted);
        await WriteAsync(context.Http, 200, new LeaseRenewed(now), NodeApiJsonContext.Default.LeaseRenewed);
    }

    private async Task ReportPodStatusAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNode(context, node);
        var report = DecodeBody(await ReadBodyAsync(context), NodeApiJsonContext.Default.PodStatusReport);
        var tenant = context.Caller.Tenant;

        // One query for all of the node's pods, then the updates in as few transactions as fit. A pod another writer
        // changed in between (the node-lifecycle loop marking it not ready, a controller) is read again and the report
        // applied to the fresh copy: the agent's view of its own pods wins. 409 means replaced, never "try again".
        var items = report.Items.DistinctBy(i => (i.Namespace, i.Name)).ToList();
        var outcomes = new List<PodStatusReportOutcome>(items.Count);
        for (var attempt = 1; items.Count > 0; attempt++)
        {
            var onNode = (await _objects.ListAllAsync(ResourceRegistry.Pods, tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, node!), cancellationToken: context.Aborted))
                .ToDictionary(p => (p.Object.Metadata.Namespace ?? "", p.Object.Metadata.Name ?? ""));
            var writes = new List<(PodStatusReportItem Item, ObjectWrite Write)>();
            foreach (var item in items)
            {
                if (!onNode.TryGetValue((item.Namespace, item.Name), out var current))
                {
                    outcomes.Add(new PodStatusReportOutcome(item.Namespace, item.Name, 404));
                }
                else if (current.Object.Metadata.Uid != item.Uid)
                {
                    outcomes.Add(new PodStatusReportOutcome(item.Namespace, item.Name, 409));
                }
                else
                {
                    var updated = ResourceRegistry.Pods.Clone(current.Object);
                    updated.Status = item.Status;
                    writes.Add((item, _objects.PrepareUpdate(ResourceRegistry.Pods, current.Untyped(), updated, UpdateScope.Status)));
                }
            }

            try
            {
                await _objects.CommitAsync(tenant, [.. writes.Select(w => w.Write)], context.Aborted);
                outcomes.AddRange(writes.Select(w => new PodStatusReportOutcome(w.Item.Namespace, w.Item.Name, 200)));
                break;
            }
            catch (ApiException e) when (e.Status.Code == 409 && attempt < MaxStatusReportAttempts)
            {
                items = [.. writes.Select(w => w.Item)];
            }
            catch (ApiException e) when (e.Status.Code == 409)
            {
                // Still racing: the agent keeps these statuses and sends them again on its next pass.
                outcomes.AddRange(writes.Select(w => new PodStatusReportOutcome(w.Item.Namespace, w.Item.Name, 503)));
                break;
            }
        }

        await WriteAsync(context.Http, 200, new PodStatusReportResult(outcomes), NodeApiJsonContext.Default.PodStatusReportResult);
    }

    /// <summary>
    /// A Secret for a node's agent, only when a pod bound to that node uses it (as Kubernetes' node authorizer
    /// allows): a node's credential never reads the tenant's other Secrets.
    /// </summary>
    private async Task NodeSecretAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNode(context, node);
        var ns = context.Value("namespace") ?? "";
        var name = context.Value("name") ?? "";
        var tenant = context.Caller.Tenant;
        var pods = await _objects.ListAllAsync(ResourceRegistry.Pods, tenant, ns, new IndexEntry(ResourceRegistry.NodeIndex, node!), context.Aborted);
        if (!pods.Any(p => p.Object.Spec?.ImagePullSecrets?.Any(r => r.Name == name) == true))
        {
            throw new ApiException(StatusErrors.Forbidden($"secrets \"{name}\" is forbidden: User \"{context.Caller.UserName}\" cannot get secrets in the namespace \"{ns}\": no pod bound to node \"{node}\" references it"));
        }

        var secret = await _objects.GetAsync(ResourceRegistry.Secrets, tenant, ns, name, context.Aborted)
            ?? throw new ApiException(StatusErrors.NotFound(ResourceRegistry.Secrets, name));
        await WriteBytesAsync(context.Http, 200, ResourceRegistry.Secrets.Serialize(secret.Object));
    }

    /// <summary>
    /// The agent of the node a terminating pod is bound to has stopped its containers and reported their final
    /// status: the pod goes (or, while finalizers hold it, its grace period ends). The pod's uid is a precondition
    /// (<c>preconditions.uid</c> in a DeleteOptions body, or the <c>uid</c> query), so that a new pod of the same name is
    /// never removed by an agent that saw the old one.
    /// </summary>
    private async Task FinalizePodAsync(ApiContext context)
    {
        var node = context.Value("node");
        RequireNode(context, node);
        var ns = context.Value("namespace") ?? "";
        var name = context.Value("name") ?? "";
        var uid = context.Query("uid") is { Length: > 0 } queryUid ? queryUid : null;
        var body = await ReadBodyAsync(context, allowEmpty: true);
        if (body.Length > 0)
        {
            if (ParseNode(body) is not JsonObject options)
            {
                throw new ApiException(StatusErrors.BadRequest("the body must be a DeleteOptions object"));
            }

            uid = options["preconditions"]?["uid"] is JsonValue bodyUid ? bodyUid.ToString() : uid;
        }

        if (uid is null)
        {
            throw new ApiException(StatusErrors.BadRequest("preconditions.uid: Required value: the uid of the pod the agent stopped", "preconditions.uid"));
        }

        var pods = ResourceRegistry.Pods;
        var current = await _objects.GetAsync(pods, context.Caller.Tenant, ns, name, context.Aborted)
            ?? throw new ApiException(StatusErrors.NotFound(pods, name));
        if (current.Object.Spec?.NodeName != node)
        {
            throw new ApiException(StatusErrors.Forbidden($"pods \"{name}\" is forbidden: User \"{context.Caller.UserName}\" cannot delete pods in the namespace \"{ns}\": the pod is not bound to node \"{node}\""));
        }

        if (current.Object.Metadata.Uid != uid)
        {
            throw new ApiException(UidPreconditionFailed(pods, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Object.Metadata.Uid}"));
        }

        if (current.Object.Metadata.DeletionTimestamp is null)
        {
            throw new ApiException(UidPreconditionFailed(pods, name, "the pod is not being deleted; only a terminating pod can be finalized by its node"));
        }

        var remaining = await _objects.DeleteAsync(pods, context.Caller.Tenant, current.Untyped(), DeletionOptions.Force, context.Aborted);
        if (remaining is not null)
        {
            await WriteBytesAsync(context.Http, 200, pods.Serialize(remaining.Object));
            return;
        }

        var status = new Status
        {
            Outcome = "Success",
            Code = 200,
            Details = new StatusDetails { Name = name, Kind = pods.Plural, Uid = uid },
        };
        await WriteAsync(context.Http, 200, status, KubeJsonContext.Default.Status);
    }

    /// <summary>Shows each node's last heartbeat (its lease renewal) in its <c>Ready</c> condition.</summary>
    private async Task OverlayHeartbeatsAsync(ApiContext context, ResourceKind kind, IReadOnlyList<KubeObject> items)
    {
        if (kind != ResourceRegistry.Nodes || items.Count == 0)
        {
            return;
        }

        // One point read for a single node, one query for a list: never a read per node.
        var leases = items.Count == 1
            ? await _leases.GetAsync(context.Caller.Tenant, items[0].Metadata.Name!, context.Aborted) is { } single ? [single] : []
            : await _leases.ListAsync(context.Caller.Tenant, context.Aborted);
        var renewals = leases.ToDictionary(l => l.NodeName, l => l.RenewTime);
        foreach (var node in items.Cast<Node>())
        {
            if (renewals.TryGetValue(node.Metadata.Name!, out var renewed) &&
                node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { } ready &&
                (ready.LastHeartbeatTime is null || ready.LastHeartbeatTime < renewed))
            {
                ready.LastHeartbeatTime = renewed;
            }
        }
    }

    private static T DecodeBody<T>(byte[] body, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? throw new ApiException(StatusErrors.BadRequest("the body must be a JSON object"));
        }
        catch (JsonException e)
        {
            var field = FieldPath(e.Path);
            throw new ApiException(StatusErrors.BadRequest($"the body cannot be decoded: {FirstSentence(e.Message)}", field));
        }
    }
}
