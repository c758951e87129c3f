using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage;

internal static class ObjectKeyExtensions
{
    /// <summary>A key as messages name it: <c>pods default/web-1</c>, or <c>nodes worker-1</c> when cluster-scoped.</summary>
    public static string Describe(this ObjectKey key) =>
        key.Namespace.Length == 0 ? $"{key.Resource} {key.Name}" : $"{key.Resource} {key.Namespace}/{key.Name}";
}
