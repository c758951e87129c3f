namespace Orchestrator.Agent.Runtime;

/// <summary>
/// A container could not be created or started; <see cref="Reason"/> is the Kubernetes waiting reason
/// (<c>CreateContainerError</c>, <c>CreateContainerConfigError</c>) and the message says why.
/// </summary>
internal sealed class ContainerCreateException : Exception
{
    public const string CreateContainerError = "CreateContainerError";
    public const string CreateContainerConfigError = "CreateContainerConfigError";

    public ContainerCreateException()
        : this(CreateContainerError, "the container could not be created")
    {
    }

    public ContainerCreateException(string message)
        : this(CreateContainerError, message)
    {
    }

    public ContainerCreateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = CreateContainerError;
    }

    public ContainerCreateException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
