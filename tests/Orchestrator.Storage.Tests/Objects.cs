using System.Text;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Tests;

/// <summary>Builders of store operations for tests.</summary>
internal static class Objects
{
    public static ObjectKey Pod(string tenant, string ns, string name) => new(tenant, "pods", ns, name);

    public static byte[] Json(string name, int generation = 1) =>
        Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"" + name + "\",\"generation\":" + generation + "},\"spec\":{}}");

    public static StoreOperation.Create Create(ObjectKey key, params IndexEntry[] indexes) =>
        new(key, Json(key.Name), indexes);

    public static StoreOperation.Update Update(StoredObject previous, int generation, params IndexEntry[] indexes) =>
        new(previous, Json(previous.Key.Name, generation), indexes);

    public static IndexEntry Node(string node) => new("node", node);

    public static string Text(this StoredObject stored) => Encoding.UTF8.GetString(stored.Json);
}
