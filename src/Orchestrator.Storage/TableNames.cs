namespace Orchestrator.Storage;

/// <summary>The tables of the store, each named by the configured prefix.</summary>
internal static class TableNames
{
    public static string Objects(string prefix) => prefix + "objects";

    public static string Leases(string prefix) => prefix + "leases";

    public static string Tenants(string prefix) => prefix + "tenants";

    public static string ApiKeys(string prefix) => prefix + "apikeys";

    public static IReadOnlyList<string> All(string prefix) => [Objects(prefix), Leases(prefix), Tenants(prefix), ApiKeys(prefix)];
}
