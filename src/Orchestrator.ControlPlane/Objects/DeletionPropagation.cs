namespace Orchestrator.ControlPlane.Objects;

/// <summary>Kubernetes' <c>propagationPolicy</c>: what happens to an object's dependents when it is deleted.</summary>
public enum DeletionPropagation
{
    /// <summary>The object goes first; the garbage collector then deletes its dependents.</summary>
    Background,

    /// <summary>The object stays (finalizer <c>foregroundDeletion</c>) until the garbage collector has deleted its dependents.</summary>
    Foreground,

    /// <summary>The object stays (finalizer <c>orphan</c>) until the garbage collector has removed the dependents' references to it.</summary>
    Orphan,
}
