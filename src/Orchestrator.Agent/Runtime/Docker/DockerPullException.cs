namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>A pull failed: the registry does not have the image, refused the credentials, or could not be reached.</summary>
internal sealed class DockerPullException : Exception
{
    public DockerPullException()
    {
    }

    public DockerPullException(string message)
        : base(message)
    {
    }

    public DockerPullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
