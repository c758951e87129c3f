using System.Globalization;
using System.Text.Json;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// <c>POST deployments/{name}/rollback</c> (the body of Kubernetes' <c>extensions/v1beta1</c> DeploymentRollback, done
/// the way <c>kubectl rollout undo</c> does it) and <c>GET deployments/{name}/history</c> (the revisions, as
/// <c>kubectl rollout history</c> lists them).
/// </summary>
public sealed partial class ApiDispatcher
{
    private const string RollbackSubresource = "rollback";
    private const string HistorySubresource = "history";

    private static readonly HashSet<string> RollbackApiVersions = new(StringComparer.Ordinal) { "apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1" };

    private async Task DeploymentRolloutAsync(ApiContext context, string ns, string name, string subresource)
    {
        var kind = ResourceRegistry.Deployments;
        var expected = subresource == RollbackSubresource ? "POST" : "GET";
        if (context.Method != expected)
        {
            throw new ApiException(StatusErrors.MethodNotAllowed(context.Method));
        }

        // Rolling back changes the Deployment's template and annotations; reading the history reads it.
        Authorize(context, kind, ns, name, subresource);
        if (subresource == HistorySubresource)
        {
            await DeploymentHistoryAsync(context, ns, name);
            return;
        }

        var request = await ReadRollbackAsync(context, name);
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var current = await _objects.GetAsync(kind, context.Caller.Tenant, ns, name, context.Aborted)
                ?? throw new ApiException(StatusErrors.NotFound(kind, name));
            var owned = await OwnedReplicaSetsAsync(context, current.Object);
            var plan = DeploymentRollbacker.Plan(current.Object, owned, request.RollbackTo?.Revision ?? 0, request.UpdatedAnnotations);
            switch (plan.Outcome)
            {
                case DeploymentRollbackOutcome.Paused:
                    throw new ApiException(RolloutFailure(409, "Conflict", plan.Message, name));
                case DeploymentRollbackOutcome.RevisionNotFound or DeploymentRollbackOutcome.NoHistory:
                    throw new ApiException(RolloutFailure(404, "NotFound", plan.Message, name));
                case DeploymentRollbackOutcome.TemplateUnchanged:
                    // kubectl prints "skipped rollback" and succeeds; the answer says so in a Warning header.
                    AddWarnings(context.Http, [plan.Message]);
                    await WriteBytesAsync(context.Http, 200, kind.Serialize(current.Object));
                    return;
            }

            try
            {
                var (updated, warnings) = await _objects.UpdateAsync(kind, context.Caller.Tenant, current.Untyped(), plan.Updated!, UpdateScope.Spec, context.Aborted);
                AddWarnings(context.Http, warnings);
                await WriteBytesAsync(context.Http, 200, kind.Serialize(updated.Object));
                return;
            }
            catch (ApiException e) when (attempt < Attempts && e.Status.Reason == "Conflict")
            {
                // The controller wrote the status in between; plan again on the fresh Deployment.
            }
        }
    }

    private async Task DeploymentHistoryAsync(ApiContext context, string ns, string name)
    {
        var deployment = await _objects.GetAsync(ResourceRegistry.Deployments, context.Caller.Tenant, ns, name, context.Aborted)
            ?? throw new ApiException(StatusErrors.NotFound(ResourceRegistry.Deployments, name));
        var history = new DeploymentHistory
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = deployment.Object.Metadata.Uid },
            Revisions = DeploymentRevisions.List(await OwnedReplicaSetsAsync(context, deployment.Object)),
        };
        await WriteAsync(context.Http, 200, history, KubeJsonContext.Default.DeploymentHistory);
    }

    private async Task<List<ReplicaSet>> OwnedReplicaSetsAsync(ApiContext context, Deployment deployment)
    {
        // The owner index holds the ReplicaSets whose controller is this Deployment (by uid): one range read.
        var owned = await _objects.ListAllAsync(
            ResourceRegistry.ReplicaSets,
            context.Caller.Tenant,
            deployment.Metadata.Namespace,
            new IndexEntry(ResourceRegistry.OwnerIndex, deployment.Metadata.Uid!),
            context.Aborted);
        return [.. owned.Select(static r => r.Object)];
    }

    private async Task<DeploymentRollback> ReadRollbackAsync(ApiContext context, string name)
    {
        var body = await ReadRequiredJsonAsync(context);
        DeploymentRollback? request;
        try
        {
            request = JsonSerializer.Deserialize(body, KubeJsonContext.Default.DeploymentRollback);
        }
        catch (JsonException e)
        {
            var field = FieldPath(e.Path);
            var detail = e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
                ? $"strict decoding error: unknown field \"{field}\""
                : $"invalid value at \"{field}\": {FirstSentence(e.Message)}";
            throw new ApiException(StatusErrors.BadRequest($"DeploymentRollback cannot be handled: {detail}", field));
        }

        if (request is null)
        {
            throw new ApiException(StatusErrors.BadRequest("the request body must be a DeploymentRollback object"));
        }

        if (request.Kind is { Length: > 0 } kind && kind != "DeploymentRollback")
        {
            throw new ApiException(StatusErrors.BadRequest($"the kind of the body, \"{kind}\", does not match the path, which expects \"DeploymentRollback\"", "kind"));
        }

        if (request.ApiVersion is { Length: > 0 } apiVersion && !RollbackApiVersions.Contains(apiVersion))
        {
            throw new ApiException(StatusErrors.BadRequest($"the apiVersion of the body, \"{apiVersion}\", is not one of \"{string.Join("\", \"", RollbackApiVersions.Order(StringComparer.Ordinal))}\"", "apiVersion"));
        }

        var causes = new List<StatusCause>();
        if (string.IsNullOrEmpty(request.Name))
        {
            causes.Add(new StatusCause { Reason = "FieldValueRequired", Field = "name", Message = "Required value: name is required" });
        }

        if (request.RollbackTo?.Revision is < 0 and var revision)
        {
            causes.Add(new StatusCause
            {
                Reason = "FieldValueInvalid",
                Field = "rollbackTo.revision",
                Message = $"Invalid value: {revision.ToString(CultureInfo.InvariantCulture)}: must be greater than or equal to 0",
            });
        }

        if (causes.Count > 0)
        {
            var list = causes.Count == 1 ? $"{causes[0].Field}: {causes[0].Message}" : "[" + string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}")) + "]";
            throw new ApiException(new Status
            {
                Outcome = "Failure",
                Code = 422,
                Reason = "Invalid",
                Message = $"DeploymentRollback.apps \"{request.Name ?? name}\" is invalid: {list}",
                Details = new StatusDetails { Name = request.Name ?? name, Group = "apps", Kind = "DeploymentRollback", Causes = causes },
            });
        }

        if (request.Name != name)
        {
            throw new ApiException(StatusErrors.BadRequest("name in URL does not match name in DeploymentRollback object", "name"));
        }

        return request;
    }

    private static Status RolloutFailure(int code, string reason, string message, string name) => new()
    {
        Outcome = "Failure",
        Code = code,
        Reason = reason,
        Message = message,
        Details = new StatusDetails { Name = name, Group = "apps", Kind = ResourceRegistry.Deployments.Plural },
    };
}
