namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The shape of Kubernetes' guestbook example (../shared/k8s-manifests/guestbook): its three Services exactly as
/// published, and its three Deployments (names, labels, selectors, replicas, container names, ports, requests) with
/// the images replaced by what runs here: busybox httpd host processes bound to their node's address. The frontend
/// serves CGI pages that ask <c>redis-master</c> and <c>redis-replica</c> by name, as the PHP frontend does.
/// </summary>
/// <remarks>
/// The "redis" pods answer HTTP on 6379 (busybox's <c>nc</c> cannot bind one address, and a server on 0.0.0.0:6379
/// would collide with the node proxy's listener on the Service's cluster IP and port 6379).
/// </remarks>
internal static class Guestbook
{
    public static readonly IReadOnlyList<string> Services =
    [
        """
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "redis-master", "labels": { "app": "redis", "role": "master", "tier": "backend" } },
          "spec": { "ports": [{ "port": 6379, "targetPort": 6379 }], "selector": { "app": "redis", "role": "master", "tier": "backend" } }
        }
        """,
        """
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "redis-replica", "labels": { "app": "redis", "role": "replica", "tier": "backend" } },
          "spec": { "ports": [{ "port": 6379 }], "selector": { "app": "redis", "role": "replica", "tier": "backend" } }
        }
        """,
        """
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "frontend", "labels": { "app": "guestbook", "tier": "frontend" } },
          "spec": { "type": "NodePort", "ports": [{ "port": 80 }], "selector": { "app": "guestbook", "tier": "frontend" } }
        }
        """,
    ];

    /// <summary>The pages the pods serve, under <paramref name="www"/>/frontend and <paramref name="www"/>/redis.</summary>
    public static void WriteContent(string www)
    {
        Script(Path.Combine(www, "frontend", "cgi-bin", "page"), "echo \"guestbook $POD_NAME\"");
        Script(Path.Combine(www, "frontend", "cgi-bin", "master"), "echo \"guestbook $POD_NAME -> $(/bin/busybox timeout 3 /bin/busybox wget -q -O - http://redis-master:6379/cgi-bin/ping 2>&1)\"");
        Script(Path.Combine(www, "frontend", "cgi-bin", "replica"), "echo \"guestbook $POD_NAME -> $(/bin/busybox timeout 3 /bin/busybox wget -q -O - http://redis-replica:6379/cgi-bin/ping 2>&1)\"");
        Script(Path.Combine(www, "redis", "cgi-bin", "ping"), "echo \"redis $POD_NAME\"");

        static void Script(string path, string body)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\n{body}\n");
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public static IEnumerable<string> Deployments(string www) =>
    [
        Deployment("frontend", """{ "app": "guestbook", "tier": "frontend" }""", 3, "php-redis", 80, Path.Combine(www, "frontend"), """{ "name": "GET_HOSTS_FROM", "value": "dns" },"""),
        Deployment("redis-master", """{ "app": "redis", "role": "master", "tier": "backend" }""", 1, "master", 6379, Path.Combine(www, "redis"), ""),
        Deployment("redis-replica", """{ "app": "redis", "role": "replica", "tier": "backend" }""", 2, "replica", 6379, Path.Combine(www, "redis"), """{ "name": "GET_HOSTS_FROM", "value": "dns" },"""),
    ];

    private static string Deployment(string name, string labels, int replicas, string container, int port, string root, string env) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "selector": { "matchLabels": {{labels}} },
            "replicas": {{replicas}},
            "template": {
              "metadata": { "labels": {{labels}} },
              "spec": {
                "runtimeClassName": "process",
                "terminationGracePeriodSeconds": 2,
                "containers": [{
                  "name": "{{container}}",
                  "image": "busybox",
                  "command": ["/bin/busybox", "httpd", "-f", "-p", "$(HOST_IP):{{port}}", "-h", "{{root}}"],
                  "resources": { "requests": { "cpu": "100m", "memory": "100Mi" } },
                  "env": [
                    {{env}}
                    { "name": "HOST_IP", "valueFrom": { "fieldRef": { "fieldPath": "status.hostIP" } } },
                    { "name": "POD_NAME", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } }
                  ],
                  "ports": [{ "containerPort": {{port}} }]
                }]
              }
            }
          }
        }
        """;
}
