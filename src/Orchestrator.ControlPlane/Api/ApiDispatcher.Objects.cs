using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.ControlPlane.Api;

/// <summary>Create, read, list, replace, patch and delete of objects on the Kubernetes REST paths.</summary>
public sealed partial class ApiDispatcher
{
    private const string JsonMediaType = "application/json";
    private const string MergePatchMediaType = "application/merge-patch+json";

    private async Task ObjectRouteAsync(ApiContext context)
    {
        var group = context.Value("group") ?? "";
        var version = context.Value("version") ?? "v1";
        var plural = context.Value("resource") ?? "";
        var kind = _registry.Find(group, version, plural) ?? throw new ApiException(StatusErrors.RouteNotFound());
        var ns = context.Value("namespace");
        var name = context.Value("name");
        var subresource = context.Value("subresource");

        if (ns is not null && !kind.Namespaced)
        {
            throw new ApiException(StatusErrors.RouteNotFound());
        }

        if (subresource == "log" && kind == ResourceRegistry.Pods && ns is not null && name is not null)
        {
            await PodLogAsync(context, kind, ns, name);
            return;
        }

        if (subresource is RollbackSubresource or HistorySubresource && kind == ResourceRegistry.Deployments && ns is not null && name is not null)
        {
            await DeploymentRolloutAsync(context, ns, name, subresource);
            return;
        }

        if (subresource == EvictionSubresource && kind == ResourceRegistry.Pods && ns is not null && name is not null)
        {
            await EvictPodAsync(context, kind, ns, name);
            return;
        }

        if (subresource is not null && (subresource != "status" || !kind.HasStatus))
        {
            throw new ApiException(StatusErrors.RouteNotFound());
        }

        Authorize(context, kind, ns, name, subresource);

        if (name is null)
        {
            if (context.Method == "GET")
            {
                await ListAsync(context, kind, ns);
                return;
            }

            // Creating needs the namespace in the path for namespaced kinds, as in Kubernetes.
            if (kind.Namespaced && ns is null)
            {
                throw new ApiException(StatusErrors.MethodNotAllowed(context.Method));
            }

            await CreateAsync(context, kind, ns);
            return;
        }

        if (kind.Namespaced && ns is null)
        {
            throw new ApiException(StatusErrors.RouteNotFound());
        }

        var key = (Namespace: ns ?? "", Name: name);
        switch (context.Method)
        {
            case "GET":
                var found = await GetRequiredAsync(context, kind, key.Namespace, key.Name);
                await OverlayHeartbeatsAsync(context, kind, [found.Object]);
                await WriteBytesAsync(context.Http, 200, kind.Serialize(found.Object));
                break;
            case "PUT":
                await ReplaceAsync(context, kind, key.Namespace, key.Name, subresource is not null);
                break;
            case "PATCH":
                await PatchAsync(context, kind, key.Namespace, key.Name, subresource is not null);
                break;
            case "DELETE":
                await DeleteAsync(context, kind, key.Namespace, key.Name);
                break;
            default:
                throw new ApiException(StatusErrors.MethodNotAllowed(context.Method));
        }
    }

    private async Task ListAsync(ApiContext context, ResourceKind kind, string? ns)
    {
        if (context.Query("watch") is "true" or "1")
        {
            throw new ApiException(StatusErrors.MethodNotAllowed("GET?watch: watch is not supported by this server yet; poll with list"));
        }

        var labels = Selector.Everything;
        if (context.Query("labelSelector") is { Length: > 0 } labelQuery && !Selector.TryParse(labelQuery, out labels, out var labelError))
        {
            throw new ApiException(StatusErrors.BadRequest($"unable to parse requirement: {labelError}", "labelSelector"));
        }

        FieldSelector? fields = null;
        if (context.Query("fieldSelector") is { Length: > 0 } fieldQuery && !FieldSelector.TryParse(fieldQuery, kind.FieldSelectors, out fields, out var fieldError))
        {
            throw new ApiException(StatusErrors.BadRequest(fieldError ?? "invalid field selector", "fieldSelector"));
        }

        int? limit = null;
        if (context.Query("limit") is { Length: > 0 } limitText)
        {
            if (!int.TryParse(limitText, out var parsed) || parsed < 0)
            {
                throw new ApiException(StatusErrors.BadRequest($"invalid limit \"{limitText}\": must be a non-negative integer", "limit"));
            }

            limit = parsed == 0 ? null : Math.Min(parsed, 5000);
        }

        // A node's pods are reached through the node index, never by scanning the tenant's pods.
        IndexEntry? index = null;
        if (kind == ResourceRegistry.Pods && fields is not null && fields.TryGetExact("spec.nodeName", out var nodeName))
        {
            index = new IndexEntry(ResourceRegistry.NodeIndex, nodeName);
        }

        var query = new ObjectListQuery(context.Caller.Tenant, kind.QualifiedName, ns, index, limit, context.Query("continue") is { Length: > 0 } token ? token : null);

        // Nothing to filter after the store and nothing to change in the objects (Secrets are stored sealed, nodes get
        // their heartbeats): the stored JSON is the answer, with no object read into its type and written out again.
        if (labels.IsEmpty && (fields is null || (index is not null && fields.Requirements.Count == 1)) &&
            kind != ResourceRegistry.Secrets && kind != ResourceRegistry.Nodes)
        {
            var stored = await ListStoredAsync(kind, query, context.Aborted);
            await WriteBytesAsync(context.Http, 200, StoredJsonList.Write(kind, stored.Items, new ListMeta { Continue = stored.Continue }));
            return;
        }

        (IReadOnlyList<Versioned<KubeObject>> Items, string? Continue) page;
        try
        {
            page = await _objects.ListAsync(kind, query, context.Aborted);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ApiException(StatusErrors.BadRequest("the provided continue parameter is not valid", "continue"));
        }

        var items = page.Items
            .Select(v => v.Object)
            .Where(o => labels.Matches(o.Metadata.Labels) && (fields is null || fields.Matches(f => kind.FieldValue(o, f))))
            .ToList();
        await OverlayHeartbeatsAsync(context, kind, items);
        await WriteBytesAsync(context.Http, 200, kind.SerializeList(items, new ListMeta { Continue = page.Continue }));
    }

    private async Task<ObjectPage> ListStoredAsync(ResourceKind kind, ObjectListQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await _objects.ListStoredAsync(kind, query, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ApiException(StatusErrors.BadRequest("the provided continue parameter is not valid", "continue"));
        }
    }

    private async Task CreateAsync(ApiContext context, ResourceKind kind, string? ns)
    {
        var value = await ReadObjectAsync(context, kind);
        if (kind.Namespaced)
        {
            if (value.Metadata.Namespace is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
            {
                throw new ApiException(StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request", "metadata.namespace"));
            }

            value.Metadata.Namespace = ns;
            await RequireNamespaceAsync(context, ns!);
        }

        var (created, warnings) = await _objects.CreateAsync(kind, context.Caller.Tenant, value, context.Aborted);
        AddWarnings(context.Http, warnings);
        await WriteBytesAsync(context.Http, 201, kind.Serialize(created.Object));
    }

    private async Task ReplaceAsync(ApiContext context, ResourceKind kind, string ns, string name, bool status)
    {
        var body = await ReadRequiredJsonAsync(context);
        var first = Decode(kind, body);
        CheckKind(kind, first);
        if (first.Metadata.Name != name)
        {
            throw new ApiException(StatusErrors.BadRequest($"the name of the object ({first.Metadata.Name}) does not match the name on the URL ({name})", "metadata.name"));
        }

        if (kind.Namespaced && first.Metadata.Namespace is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
        {
            throw new ApiException(StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request", "metadata.namespace"));
        }

        var precondition = first.Metadata.ResourceVersion is { Length: > 0 } version ? version : null;
        var (updated, warnings) = await UpdateWithRetryAsync(context, kind, ns, name, precondition, _ => Decode(kind, body), status);
        AddWarnings(context.Http, warnings);
        await WriteBytesAsync(context.Http, 200, kind.Serialize(updated.Object));
    }

    private async Task PatchAsync(ApiContext context, ResourceKind kind, string ns, string name, bool status)
    {
        var mediaType = MediaType(context);
        if (mediaType != MergePatchMediaType && mediaType != StrategicMergePatchMediaType)
        {
            throw new ApiException(StatusErrors.UnsupportedMediaType(mediaType, MergePatchMediaType, StrategicMergePatchMediaType));
        }

        if (ParseNode(await ReadBodyAsync(context)) is not JsonObject patch)
        {
            throw new ApiException(StatusErrors.BadRequest("a merge patch must be a JSON object"));
        }

        if (mediaType == StrategicMergePatchMediaType)
        {
            RequireMergeCompatible(patch);
        }

        var precondition = patch["metadata"]?["resourceVersion"] is JsonValue version ? version.ToString() : null;
        var (updated, warnings) = await UpdateWithRetryAsync(context, kind, ns, name, precondition, current =>
        {
            var merged = JsonMergePatch.Apply(kind.ToNode(current), patch)!;
            var value = Decode(kind, JsonSerializer.SerializeToUtf8Bytes(merged, ApiJsonContext.Default.JsonNode));
            CheckKind(kind, value);
            return value;
        }, status);
        AddWarnings(context.Http, warnings);
        await WriteBytesAsync(context.Http, 200, kind.Serialize(updated.Object));
    }

    /// <summary>
    /// Reads, changes and writes an object. With a client precondition the write is conditional on that version; without
    /// one, a concurrent write (a controller's status report) is retried on the fresh object, as Kubernetes'
    /// GuaranteedUpdate does, so that an unconditional update never fails with a conflict the client did not ask for.
    /// </summary>
    private async Task<(Versioned<KubeObject> Object, IReadOnlyList<string> Warnings)> UpdateWithRetryAsync(
        ApiContext context, ResourceKind kind, string ns, string name, string? precondition, Func<KubeObject, KubeObject> change, bool status)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var current = WithPrecondition(kind, name, await GetRequiredAsync(context, kind, ns, name), precondition);
            try
            {
                var updated = change(current.Object);
                if (status && updated is Node node && context.Caller.IsNode(name))
                {
                    StampHeartbeat(node);
                }

                return await _objects.UpdateAsync(kind, context.Caller.Tenant, current, updated, status ? UpdateScope.Status : UpdateScope.Spec, context.Aborted);
            }
            catch (ApiException e) when (precondition is null && attempt < Attempts && e.Status.Reason == "Conflict")
            {
                // Someone wrote in between; read again and re-apply.
            }
        }
    }

    /// <summary>
    /// A node posting its own Ready condition is heard from now, by the control plane's clock rather than the agent's:
    /// the node-lifecycle loop counts this heartbeat beside the node's lease, as Kubernetes' controller counts the
    /// kubelet's status updates, so a Ready posted just before the first renewal after an outage is not undone.
    /// </summary>
    private void StampHeartbeat(Node node)
    {
        if (node.Status?.Conditions?.Find(c => c?.Type == "Ready") is { Status: "True" or "False" } ready)
        {
            ready.LastHeartbeatTime = _time.GetUtcNow();
        }
    }

    private async Task DeleteAsync(ApiContext context, ResourceKind kind, string ns, string name)
    {
        var request = await ReadDeleteOptionsAsync(context);
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var current = WithPrecondition(kind, name, await GetRequiredAsync(context, kind, ns, name), request.ResourceVersion);
            if (request.Uid is { } uid && uid != current.Object.Metadata.Uid)
            {
                throw new ApiException(UidPreconditionFailed(kind, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Object.Metadata.Uid}"));
            }

            try
            {
                var remaining = await _objects.DeleteAsync(kind, context.Caller.Tenant, current, request.Options, context.Aborted);
                if (remaining is not null)
                {
                    // Still there (terminating, or held by finalizers): Kubernetes answers the object.
                    await WriteBytesAsync(context.Http, 200, kind.Serialize(remaining.Object));
                    return;
                }

                var status = new Status
                {
                    Outcome = "Success",
                    Code = 200,
                    Details = new StatusDetails { Name = name, Group = kind.Group.Length == 0 ? null : kind.Group, Kind = kind.Plural, Uid = current.Object.Metadata.Uid },
                };
                await WriteAsync(context.Http, 200, status, KubeJsonContext.Default.Status);
                return;
            }
            catch (ApiException e) when (request.ResourceVersion is null && attempt < Attempts && e.Status.Reason == "Conflict")
            {
                // A controller wrote the object in between; delete the fresh version.
            }
        }
    }

    /// <summary>
    /// Kubernetes' <c>DeleteOptions</c>, from the body or the query: <c>gracePeriodSeconds</c>, <c>propagationPolicy</c>
    /// (or the older <c>orphanDependents</c>) and <c>preconditions</c>.
    /// </summary>
    private async Task<(DeletionOptions Options, string? ResourceVersion, string? Uid)> ReadDeleteOptionsAsync(ApiContext context)
    {
        var policy = context.Query("propagationPolicy");
        var precondition = context.Query("resourceVersion") is { Length: > 0 } queryVersion ? queryVersion : null;
        string? uid = null;
        var graceText = context.Query("gracePeriodSeconds") is { Length: > 0 } queryGrace ? queryGrace : null;
        bool? orphanDependents = context.Query("orphanDependents") is { Length: > 0 } queryOrphan ? queryOrphan is "true" or "1" : null;
        var body = await ReadBodyAsync(context, allowEmpty: true);
        if (body.Length > 0)
        {
            if (ParseNode(body) is not JsonObject options)
            {
                throw new ApiException(StatusErrors.BadRequest("the body of a DELETE must be a DeleteOptions object"));
            }

            policy = options["propagationPolicy"] is JsonValue bodyPolicy ? bodyPolicy.ToString() : policy;
            precondition = options["preconditions"]?["resourceVersion"] is JsonValue bodyVersion ? bodyVersion.ToString() : precondition;
            uid = options["preconditions"]?["uid"] is JsonValue bodyUid ? bodyUid.ToString() : null;
            orphanDependents = options["orphanDependents"] is JsonValue bodyOrphan && bodyOrphan.TryGetValue<bool>(out var orphan) ? orphan : orphanDependents;
            if (options["gracePeriodSeconds"] is { } bodyGrace)
            {
                graceText = bodyGrace is JsonValue value && value.TryGetValue<long>(out var seconds)
                    ? seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : throw new ApiException(StatusErrors.BadRequest($"gracePeriodSeconds: Invalid value: {bodyGrace.ToJsonString()}: must be an integer", "gracePeriodSeconds"));
            }
        }

        long? grace = null;
        if (graceText is not null)
        {
            if (!long.TryParse(graceText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                throw new ApiException(StatusErrors.BadRequest($"gracePeriodSeconds: Invalid value: \"{graceText}\": must be an integer", "gracePeriodSeconds"));
            }

            if (parsed < 0)
            {
                throw new ApiException(StatusErrors.BadRequest($"gracePeriodSeconds: Invalid value: {parsed}: must be greater than or equal to 0", "gracePeriodSeconds"));
            }

            grace = parsed;
        }

        DeletionPropagation? propagation = policy switch
        {
            null => orphanDependents switch { true => DeletionPropagation.Orphan, false => DeletionPropagation.Background, null => null },
            "Background" => DeletionPropagation.Background,
            "Foreground" => DeletionPropagation.Foreground,
            "Orphan" => DeletionPropagation.Orphan,
            _ => throw new ApiException(StatusErrors.BadRequest($"propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")),
        };
        return (new DeletionOptions(grace, propagation), precondition, uid);
    }

    private static Status UidPreconditionFailed(ResourceKind kind, string name, string message) => new()
    {
        Outcome = "Failure",
        Code = 409,
        Reason = "Conflict",
        Message = $"Operation cannot be fulfilled on {kind.QualifiedName} \"{name}\": {message}",
        Details = new StatusDetails { Name = name, Group = kind.Group.Length == 0 ? null : kind.Group, Kind = kind.Plural },
    };

    /// <summary>
    /// Checks the client's resourceVersion precondition against the current object: a version names one version of an
    /// object everywhere (its change-log position), so anything else than the current one is a 409 Conflict. The write
    /// that follows is conditional on the current version, so a change after this read still fails it.
    /// </summary>
    private static Versioned<KubeObject> WithPrecondition(ResourceKind kind, string name, Versioned<KubeObject> current, string? precondition) =>
        precondition is null || precondition == current.Stored.ResourceVersion ? current : throw new ApiException(StatusErrors.Conflict(kind, name));

    private async Task<Versioned<KubeObject>> GetRequiredAsync(ApiContext context, ResourceKind kind, string ns, string name) =>
        await _objects.GetAsync(kind, context.Caller.Tenant, ns, name, context.Aborted) ?? throw new ApiException(StatusErrors.NotFound(kind, name));

    private async Task RequireNamespaceAsync(ApiContext context, string ns)
    {
        if (await _objects.GetAsync(ResourceRegistry.Namespaces, context.Caller.Tenant, "", ns, context.Aborted) is null)
        {
            throw new ApiException(StatusErrors.NotFound(ResourceRegistry.Namespaces, ns));
        }
    }

    private async Task<KubeObject> ReadObjectAsync(ApiContext context, ResourceKind kind)
    {
        var value = Decode(kind, await ReadRequiredJsonAsync(context));
        CheckKind(kind, value);
        return value;
    }

    private async Task<byte[]> ReadRequiredJsonAsync(ApiContext context)
    {
        var mediaType = MediaType(context);
        if (mediaType != JsonMediaType)
        {
            throw new ApiException(StatusErrors.UnsupportedMediaType(mediaType, JsonMediaType));
        }

        return await ReadBodyAsync(context);
    }

    private static void CheckKind(ResourceKind kind, KubeObject value)
    {
        if (value.Kind is { Length: > 0 } bodyKind && bodyKind != kind.Kind)
        {
            throw new ApiException(StatusErrors.BadRequest($"the kind of the body, \"{bodyKind}\", does not match the path, which expects \"{kind.Kind}\"", "kind"));
        }

        if (value.ApiVersion is { Length: > 0 } apiVersion && apiVersion != kind.ApiVersion)
        {
            throw new ApiException(StatusErrors.BadRequest($"the apiVersion of the body, \"{apiVersion}\", does not match the path, which expects \"{kind.ApiVersion}\"", "apiVersion"));
        }
    }

    private static KubeObject Decode(ResourceKind kind, byte[] body)
    {
        try
        {
            var value = kind.Deserialize(body);

            // JSON may say "metadata": null; validation then reports the missing name like Kubernetes.
            value.Metadata ??= new ObjectMeta();
            return value;
        }
        catch (JsonException e)
        {
            var field = FieldPath(e.Path);
            var detail = e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
                ? $"strict decoding error: unknown field \"{field}\""
                : $"invalid value at \"{field}\": {FirstSentence(e.Message)}";
            throw new ApiException(StatusErrors.BadRequest($"{kind.Kind} in version \"{kind.Version}\" cannot be handled as a {kind.Kind}: {detail}", field));
        }
    }

    /// <summary>Turns System.Text.Json's <c>$.spec.containers[0].foo</c> into Kubernetes' <c>spec.containers[0].foo</c>.</summary>
    private static string FieldPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "<body>" : jsonPath.TrimStart('$').TrimStart('.').Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private static JsonNode? ParseNode(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ApiException(StatusErrors.BadRequest($"the body is not valid JSON: {FirstSentence(e.Message)}"));
        }
    }

    private static string? MediaType(ApiContext context)
    {
        var contentType = context.Http.Request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    /// <summary>Reads the body, refusing more than the configured limit with 413 before reading it whole.</summary>
    private Task<byte[]> ReadBodyAsync(ApiContext context, bool allowEmpty = false) =>
        ReadBodyAsync(context, _options.MaxRequestBodyBytes, allowEmpty);

    /// <summary>Reads the body, refusing more than <paramref name="limit"/> bytes with 413 before reading it whole.</summary>
    private static async Task<byte[]> ReadBodyAsync(ApiContext context, long limit, bool allowEmpty)
    {
        var request = context.Http.Request;
        if (request.ContentLength > limit)
        {
            throw new ApiException(StatusErrors.RequestEntityTooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.Aborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ApiException(StatusErrors.RequestEntityTooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 && !allowEmpty)
        {
            throw new ApiException(StatusErrors.BadRequest("the request body is empty; a JSON object is required"));
        }

        return buffer.ToArray();
    }
}
