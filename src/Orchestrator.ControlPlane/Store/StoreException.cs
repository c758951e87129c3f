namespace Orchestrator.ControlPlane.Store;

/// <summary>A store operation refused for a reason the caller can act on; nothing of its commit was written.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreFailure failure, ObjectKey? key, string message)
        : base(message)
    {
        Failure = failure;
        Key = key;
    }

    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreFailure Failure { get; }

    /// <summary>The key of the operation that failed, when known.</summary>
    public ObjectKey? Key { get; }
}
