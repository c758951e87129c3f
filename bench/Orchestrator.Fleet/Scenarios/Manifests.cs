using System.Globalization;

namespace Orchestrator.Fleet.Scenarios;

/// <summary>The objects the scenarios create.</summary>
internal static class Manifests
{
    public const string Namespace = "fleet";

    public static string NamespaceObject(string name) =>
        $$"""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "{{name}}" } }""";

    /// <summary>
    /// A Deployment of <paramref name="replicas"/> pods of the <c>sim</c> runtime class with small requests, tolerating
    /// an unreachable or not-ready node for <paramref name="tolerationSeconds"/> (the failover setting).
    /// </summary>
    public static string Deployment(string name, int replicas, int tolerationSeconds) => $$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {"name": "{{name}}", "namespace": "{{Namespace}}", "labels": {"app": "{{name}}" } },
          "spec": {
            "replicas": {{replicas.ToString(CultureInfo.InvariantCulture)}},
            "selector": {"matchLabels": {"app": "{{name}}" } },
            "template": {
              "metadata": {"labels": {"app": "{{name}}" } },
              "spec": {
                "runtimeClassName": "sim",
                "terminationGracePeriodSeconds": 1,
                "tolerations": [
                  {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": {{tolerationSeconds.ToString(CultureInfo.InvariantCulture)}} },
                  {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": {{tolerationSeconds.ToString(CultureInfo.InvariantCulture)}} }
                ],
                "containers": [{"name": "main", "image": "sim", "resources": {"requests": {"cpu": "10m", "memory": "8Mi" } } }]
              }
            }
          }
        }
        """;

    /// <summary>A small Secret for the API-latency clients: no controller acts on Secrets, so only the API is measured.</summary>
    public static string Secret(string name, int client, int revision) => $$"""
        {
          "apiVersion": "v1", "kind": "Secret",
          "metadata": {"name": "{{name}}", "namespace": "{{Namespace}}", "labels": {"fleet-client": "{{client.ToString(CultureInfo.InvariantCulture)}}" } },
          "stringData": {"revision": "{{revision.ToString(CultureInfo.InvariantCulture)}}" }
        }
        """;
}
