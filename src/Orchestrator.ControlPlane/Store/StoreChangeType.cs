namespace Orchestrator.ControlPlane.Store;

/// <summary>What a change in the log did to its object, as a Kubernetes watch event names it.</summary>
public enum StoreChangeType
{
    /// <summary>The object was created.</summary>
    Added,

    /// <summary>The object was replaced by a newer version.</summary>
    Modified,

    /// <summary>The object was removed; the change carries its last state.</summary>
    Deleted,
}
