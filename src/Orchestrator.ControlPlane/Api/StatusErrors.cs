using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Api;

/// <summary>Builds the Kubernetes <c>Status</c> objects of each error, with the wording and reasons Kubernetes uses.</summary>
public static class StatusErrors
{
    public static Status NotFound(ResourceKind kind, string name) =>
        Failure(404, "NotFound", $"{kind.QualifiedName} \"{name}\" not found", Details(kind, name));

    public static Status AlreadyExists(ResourceKind kind, string name) =>
        Failure(409, "AlreadyExists", $"{kind.QualifiedName} \"{name}\" already exists", Details(kind, name));

    public static Status Conflict(ResourceKind kind, string name) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {kind.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(kind, name));

    public static Status Invalid(ResourceKind kind, string name, IReadOnlyList<FieldError> errors)
    {
        var list = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var kindName = kind.Group.Length == 0 ? kind.Kind : $"{kind.Kind}.{kind.Group}";
        var details = Details(kind, name);
        details.Kind = kind.Kind;
        details.Causes = [.. errors.Select(e => new StatusCause { Reason = e.CauseReason, Field = e.Path, Message = e.Body })];
        return Failure(422, "Invalid", $"{kindName} \"{name}\" is invalid: {list}", details);
    }

    public static Status BadRequest(string message, string? field = null) =>
        Failure(400, "BadRequest", message, field is null ? null : new StatusDetails { Causes = [new StatusCause { Reason = "FieldValueInvalid", Field = field, Message = message }] });

    public static Status Unauthorized() => Failure(401, "Unauthorized", "Unauthorized", null);

    public static Status Forbidden(string message) => Failure(403, "Forbidden", message, null);

    /// <summary>404 for something that is not an object (a host without a feature, a request that is not pending).</summary>
    public static Status NotFound(string message) => Failure(404, "NotFound", message, null);

    public static Status RouteNotFound() => Failure(404, "NotFound", "the server could not find the requested resource", null);

    public static Status MethodNotAllowed(string method) =>
        Failure(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource: {method}", null);

    public static Status UnsupportedMediaType(string? contentType, params string[] accepted) =>
        Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format ({contentType ?? "none"}) - accepted media types include: {string.Join(", ", accepted)}", null);

    public static Status RequestEntityTooLarge(long limit) =>
        Failure(413, "RequestEntityTooLarge", $"the request body is larger than the limit of {limit} bytes", null);

    public static Status GatewayTimeout(string message) => Failure(504, "Timeout", message, null);

    public static Status ServiceUnavailable(string message) => Failure(503, "ServiceUnavailable", message, null);

    public static Status Internal(string message) => Failure(500, "InternalError", message, null);

    private static StatusDetails Details(ResourceKind kind, string name) =>
        new() { Name = name, Group = kind.Group.Length == 0 ? null : kind.Group, Kind = kind.Plural };

    private static Status Failure(int code, string reason, string message, StatusDetails? details) =>
        new() { Outcome = "Failure", Code = code, Reason = reason, Message = message, Details = details };
}
