namespace Orchestrator.ControlPlane.Store;

/// <summary>Why a store operation was refused.</summary>
public enum StoreFailure
{
    /// <summary>A create found the key taken.</summary>
    AlreadyExists,

    /// <summary>An update or delete found a newer version than the one it was based on.</summary>
    Conflict,

    /// <summary>The object does not exist.</summary>
    NotFound,

    /// <summary>The object or the batch exceeds what Azure Table Storage accepts (entity size, property size, batch size, key characters).</summary>
    TooLarge,

    /// <summary>
    /// A change-log read started from a position the log no longer holds (compacted, or from another store): the reader
    /// must list again and read on from the list's position, as a Kubernetes client does after <c>410 Gone</c>.
    /// </summary>
    Expired,
}
