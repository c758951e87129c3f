using System.Globalization;
using System.Text.Json;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// <c>POST pods/{name}/eviction</c>: a pod deletion that respects the PodDisruptionBudget covering the pod, as
/// Kubernetes' eviction subresource. Spending the budget is an ETag-checked write of the budget's status, so two
/// concurrent evictions never both pass a budget that allows one.
/// </summary>
public sealed partial class ApiDispatcher
{
    private const string EvictionSubresource = "eviction";

    // Kubernetes retries a conflicting budget write 20 times before answering with the conflict.
    private const int EvictionAttempts = 20;

    private async Task EvictPodAsync(ApiContext context, ResourceKind kind, string ns, string name)
    {
        if (context.Method != "POST")
        {
            throw new ApiException(StatusErrors.MethodNotAllowed(context.Method));
        }

        // Evicting deletes the pod: the same callers as a pod deletion (tenant admins; never a node's credential).
        Authorize(context, kind, ns, name, EvictionSubresource);
        var eviction = ReadEviction(await ReadRequiredJsonAsync(context), ns, name);
        var options = eviction.DeleteOptions ?? new DeleteOptions();
        var dryRun = options.DryRun is { Count: > 0 };
        var deletion = new DeletionOptions(
            GracePeriodSeconds: options.GracePeriodSeconds is < 0 ? 1 : options.GracePeriodSeconds,
            Propagation: options.PropagationPolicy is { } policy ? Enum.Parse<DeletionPropagation>(policy) : options.OrphanDependents == true ? DeletionPropagation.Orphan : null);
        var tenant = context.Caller.Tenant;

        Versioned<KubeObject> pod;
        for (var attempt = 1; ; attempt++)
        {
            pod = WithPrecondition(kind, name, await GetRequiredAsync(context, kind, ns, name), options.Preconditions?.ResourceVersion);
            if (options.Preconditions?.Uid is { Length: > 0 } uid && uid != pod.Object.Metadata.Uid)
            {
                throw new ApiException(EvictionPreconditionFailed(kind, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod.Object.Metadata.Uid}"));
            }

            try
            {
                await SpendBudgetAsync(context, ns, (Pod)pod.Object, dryRun);
                break;
            }
            catch (ApiException e) when (e.Status.Reason == "Conflict" && attempt < EvictionAttempts)
            {
                // The budget changed since it was read (another eviction, the controller): decide again on fresh copies.
            }
        }

        if (!dryRun)
        {
            await DeleteEvictedPodAsync(context, kind, pod, options.Preconditions?.ResourceVersion, deletion);
        }

        var status = new Status
        {
            Outcome = "Success",
            Code = 201,
            Details = new StatusDetails { Name = name, Kind = kind.Plural },
        };
        await WriteAsync(context.Http, 201, status, KubeJsonContext.Default.Status);
    }

    /// <summary>
    /// Asks the budget covering the pod. Returns when the pod may go (the budget, if one had to be spent, is spent);
    /// throws the refusal otherwise, and a conflict when the budget changed since it was read.
    /// </summary>
    private async Task SpendBudgetAsync(ApiContext context, string ns, Pod pod, bool dryRun)
    {
        if (DisruptionEviction.CanIgnoreBudget(pod))
        {
            return;
        }

        var budgets = await _objects.ListAllAsync(ResourceRegistry.PodDisruptionBudgets, context.Caller.Tenant, ns, cancellationToken: context.Aborted);
        var covering = DisruptionEviction.Covering(pod, budgets, b => b.Object);
        if (covering.Count > 1)
        {
            throw new ApiException(StatusErrors.Internal("Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
        }

        if (covering.Count == 0)
        {
            return;
        }

        var budget = covering[0];
        var decision = DisruptionEviction.Decide(budget.Object, pod, WholeSeconds(_time.GetUtcNow()));
        switch (decision.Verdict)
        {
            case DisruptionVerdict.Allowed:
                return;
            case DisruptionVerdict.TooManyRequests:
                throw new ApiException(TooManyRequests(context, decision));
            case DisruptionVerdict.Forbidden:
                throw new ApiException(StatusErrors.Forbidden($"{ResourceRegistry.PodDisruptionBudgets.Singular}.{ResourceRegistry.PodDisruptionBudgets.Group} \"{budget.Object.Metadata.Name}\" is forbidden: {decision.Message}"));
        }

        if (!dryRun)
        {
            var spent = ResourceRegistry.PodDisruptionBudgets.Clone(budget.Object);
            spent.Status = decision.Status;
            await _objects.UpdateAsync(ResourceRegistry.PodDisruptionBudgets, context.Caller.Tenant, budget.Untyped(), spent, UpdateScope.Status, context.Aborted);
        }
    }

    /// <summary>
    /// Deletes the evicted pod (gracefully, per its delete options). Once a budget is spent the eviction no longer
    /// decides again: a status report racing the delete only makes it read the pod again.
    /// </summary>
    private async Task DeleteEvictedPodAsync(ApiContext context, ResourceKind kind, Versioned<KubeObject> pod, string? precondition, DeletionOptions deletion)
    {
        var current = pod;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _objects.DeleteAsync(kind, context.Caller.Tenant, current, deletion, context.Aborted);
                return;
            }
            catch (ApiException e) when (e.Status.Reason == "Conflict" && precondition is null && attempt < EvictionAttempts)
            {
                var fresh = await GetRequiredAsync(context, kind, pod.Object.Metadata.Namespace ?? "", pod.Object.Metadata.Name ?? "");
                if (fresh.Object.Metadata.Uid != pod.Object.Metadata.Uid)
                {
                    throw new ApiException(StatusErrors.NotFound(kind, pod.Object.Metadata.Name ?? ""));
                }

                current = fresh;
            }
        }
    }

    private static Eviction ReadEviction(byte[] body, string ns, string name)
    {
        Eviction eviction;
        try
        {
            eviction = JsonSerializer.Deserialize(body, KubeJsonContext.Default.Eviction) ?? throw new JsonException("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            var field = FieldPath(e.Path);
            var detail = e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
                ? $"strict decoding error: unknown field \"{field}\""
                : $"invalid value at \"{field}\": {FirstSentence(e.Message)}";
            throw new ApiException(StatusErrors.BadRequest($"Eviction in version \"v1\" cannot be handled as a Eviction: {detail}", field));
        }

        eviction.Metadata ??= new ObjectMeta();
        if (eviction.Kind is { Length: > 0 } bodyKind && bodyKind != "Eviction")
        {
            throw new ApiException(StatusErrors.BadRequest($"the kind of the body, \"{bodyKind}\", does not match the path, which expects \"Eviction\"", "kind"));
        }

        if (eviction.ApiVersion is { Length: > 0 } apiVersion && apiVersion is not ("policy/v1" or "policy/v1beta1"))
        {
            throw new ApiException(StatusErrors.BadRequest($"the apiVersion of the body, \"{apiVersion}\", does not match the path, which expects \"policy/v1\"", "apiVersion"));
        }

        if (eviction.Metadata.Name is { Length: > 0 } bodyName && bodyName != name)
        {
            throw new ApiException(StatusErrors.BadRequest("name in URL does not match name in Eviction object", "metadata.name"));
        }

        if (eviction.Metadata.Namespace is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
        {
            throw new ApiException(StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request", "metadata.namespace"));
        }

        var validation = ObjectValidator.ValidateEviction(eviction);
        if (!validation.IsValid)
        {
            var status = StatusErrors.BadRequest(string.Join("; ", validation.Errors.Select(e => e.ToString())));
            status.Details = new StatusDetails
            {
                Name = name,
                Kind = "DeleteOptions",
                Causes = [.. validation.Errors.Select(e => new StatusCause { Reason = e.CauseReason, Field = e.Path, Message = e.Body })],
            };
            throw new ApiException(status);
        }

        return eviction;
    }

    /// <summary>Kubernetes' <c>NewTooManyRequests</c> with the budget's <c>DisruptionBudget</c> cause (and <c>Retry-After</c> when it says when).</summary>
    private static Status TooManyRequests(ApiContext context, DisruptionDecision decision)
    {
        if (decision.RetryAfterSeconds > 0)
        {
            context.Http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return new Status
        {
            Outcome = "Failure",
            Code = 429,
            Reason = "TooManyRequests",
            Message = decision.Message,
            Details = new StatusDetails
            {
                Causes = [new StatusCause { Reason = "DisruptionBudget", Message = decision.Cause }],
                RetryAfterSeconds = decision.RetryAfterSeconds > 0 ? decision.RetryAfterSeconds : null,
            },
        };
    }

    private static Status EvictionPreconditionFailed(ResourceKind kind, string name, string message) => new()
    {
        Outcome = "Failure",
        Code = 409,
        Reason = "Conflict",
        Message = $"Operation cannot be fulfilled on {kind.QualifiedName} \"{name}\": {message}",
        Details = new StatusDetails { Name = name, Kind = kind.Plural },
    };

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
