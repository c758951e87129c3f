namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// One entry of a tenant's change log: what happened and the object after it (its last state for a deletion). The
/// object's <see cref="StoredObject.ResourceVersion"/> is the position of this change.
/// </summary>
public sealed record StoreChange(StoreChangeType Type, StoredObject Object);
