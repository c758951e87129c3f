using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Api;

/// <summary>An expected failure of a request, answered with its Kubernetes <see cref="Core.Objects.Status"/>.</summary>
public sealed class ApiException : Exception
{
    public ApiException(Status status)
        : base(status.Message)
    {
        Status = status;
    }

    public ApiException()
        : this(StatusErrors.Internal("unknown error"))
    {
    }

    public ApiException(string message)
        : this(StatusErrors.Internal(message))
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusErrors.Internal(message);
    }

    public Status Status { get; }
}
