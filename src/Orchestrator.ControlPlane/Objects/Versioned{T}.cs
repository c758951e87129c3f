using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>An object read from the store together with the stored row it came from (its version and index entries).</summary>
public sealed record Versioned<T>(T Object, StoredObject Stored)
    where T : KubeObject
{
    /// <summary>The same object typed as any object, for the kind-independent write paths.</summary>
    public Versioned<KubeObject> Untyped() => new(Object, Stored);
}
