using System.Text.Json.Nodes;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>Objects written as Kubernetes users write them; every name and label value is unique to one test.</summary>
internal static class Manifests
{
    public const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    public const string ReplicaSets = "/apis/apps/v1/namespaces/default/replicasets";
    public const string Pods = "/api/v1/namespaces/default/pods";

    /// <summary>A DNS-1123 name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>
    /// The guestbook's <c>frontend-deployment.yaml</c> as JSON, with the process runtime, a command and args, and a
    /// <c>run</c> label (in selector and template) that tells this test's objects apart.
    /// </summary>
    public static JsonObject FrontendDeployment(string name, int replicas = 3) => JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "{{name}}", "labels": { "run": "{{name}}" } },
          "spec": {
            "selector": { "matchLabels": { "app": "guestbook", "tier": "frontend", "run": "{{name}}" } },
            "replicas": {{replicas}},
            "template": {
              "metadata": { "labels": { "app": "guestbook", "tier": "frontend", "run": "{{name}}" } },
              "spec": {
                "runtimeClassName": "process",
                "containers": [
                  {
                    "name": "php-redis",
                    "image": "gcr.io/google-samples/gb-frontend:v5",
                    "command": ["/bin/sh", "-c"],
                    "args": ["sleep 3600"],
                    "resources": { "requests": { "cpu": "100m", "memory": "100Mi" } },
                    "env": [ { "name": "GET_HOSTS_FROM", "value": "dns" } ],
                    "ports": [ { "containerPort": 80 } ]
                  }
                ]
              }
            }
          }
        }
        """)!.AsObject();

    /// <summary>A bare pod, optionally already bound to <paramref name="nodeName"/> (as Kubernetes allows on create).</summary>
    public static JsonObject Pod(string name, string? nodeName = null)
    {
        var pod = JsonNode.Parse($$"""
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": { "name": "{{name}}", "labels": { "run": "{{name}}" } },
              "spec": {
                "runtimeClassName": "process",
                "containers": [ { "name": "main", "image": "busybox:1.36", "command": ["sleep", "3600"] } ]
              }
            }
            """)!.AsObject();
        if (nodeName is not null)
        {
            pod["spec"]!["nodeName"] = nodeName;
        }

        return pod;
    }

    /// <summary>The first container of a deployment's pod template.</summary>
    public static JsonObject Container(this JsonObject deployment, int index = 0) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]![index]!.AsObject();
}
