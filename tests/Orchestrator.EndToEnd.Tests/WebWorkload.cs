using System.Text.Json.Nodes;
using static Orchestrator.EndToEnd.Tests.LocalSystem;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// An HTTP workload for several nodes on one machine: busybox httpd as a host process bound to its node's loopback
/// address (the Downward API's <c>status.hostIP</c>) on host port 8080, so the scheduler puts at most one replica on a
/// node, serving a page that names its pod and the template's version.
/// </summary>
/// <remarks>The port is chosen free per test (the nodes' addresses share the machine's ports).</remarks>
internal static class WebWorkload
{
    /// <summary>The agents run host processes only: no Docker engine is asked for (or complained about).</summary>
    public static readonly IReadOnlyDictionary<string, string> AgentEnvironment = new Dictionary<string, string> { ["Agent__Docker__Enabled"] = "false" };

    /// <summary>The Deployment <paramref name="name"/>, a RollingUpdate with <c>minReadySeconds</c> 1.</summary>
    /// <param name="name">The Deployment's name, also its <c>app</c> label.</param>
    /// <param name="replicas">Its replicas.</param>
    /// <param name="version">Served in every page; changing it changes the template.</param>
    /// <param name="wwwRoot">Holds one page directory per pod.</param>
    /// <param name="maxSurge">The rolling update's maxSurge.</param>
    /// <param name="maxUnavailable">The rolling update's maxUnavailable.</param>
    /// <param name="port">The container and host port httpd listens on.</param>
    /// <param name="tolerationSeconds">How long the pods stay on an unreachable or not-ready node; the default (300 s) when null.</param>
    /// <param name="terminationGracePeriodSeconds">The pods' grace period.</param>
    /// <param name="preStopSleepSeconds">A <c>preStop</c> sleep hook of that many seconds (what a user sets so that a Service stops sending traffic before SIGTERM); none when null.</param>
    public static string Deployment(
        string name, int replicas, string version, string wwwRoot, int port, int maxSurge = 1, int maxUnavailable = 0, int? tolerationSeconds = null,
        int terminationGracePeriodSeconds = 2, int? preStopSleepSeconds = null)
    {
        var lifecycle = preStopSleepSeconds is int sleep ? $$"""
                      "lifecycle": { "preStop": { "sleep": { "seconds": {{sleep}} } } },
            """ : "";
        var tolerations = tolerationSeconds is int seconds
            ? $$"""
              "tolerations": [
                { "key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": {{seconds}} },
                { "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": {{seconds}} }
              ],
              """
            : "";
        return $$"""
            {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": { "name": "{{name}}", "labels": { "app": "{{name}}" } },
              "spec": {
                "replicas": {{replicas}},
                "minReadySeconds": 1,
                "strategy": { "type": "RollingUpdate", "rollingUpdate": { "maxSurge": {{maxSurge}}, "maxUnavailable": {{maxUnavailable}} } },
                "selector": { "matchLabels": { "app": "{{name}}" } },
                "template": {
                  "metadata": { "labels": { "app": "{{name}}" } },
                  "spec": {
                    "runtimeClassName": "process",
                    "terminationGracePeriodSeconds": {{terminationGracePeriodSeconds}},
                    {{tolerations}}
                    "containers": [{
                      "name": "httpd",
                      "image": "busybox",
                      "command": ["/bin/sh", "-c", "mkdir -p \"$WWW\" && echo \"$POD_NAME $VERSION\" > \"$WWW/index.html\" && exec /bin/busybox httpd -f -p $(HOST_IP):{{port}} -h \"$WWW\""],
                      "env": [
                        { "name": "HOST_IP", "valueFrom": { "fieldRef": { "fieldPath": "status.hostIP" } } },
                        { "name": "POD_NAME", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } },
                        { "name": "WWW", "value": "{{wwwRoot}}/$(POD_NAME)" },
                        { "name": "VERSION", "value": "{{version}}" }
                      ],
                      "ports": [{ "name": "http", "containerPort": {{port}}, "hostPort": {{port}}, "protocol": "TCP" }],
                      {{lifecycle}}
                      "readinessProbe": {
                        "httpGet": { "path": "/", "port": {{port}} },
                        "periodSeconds": 1,
                        "timeoutSeconds": 2,
                        "failureThreshold": 1
                      },
                      "resources": { "requests": { "cpu": "50m", "memory": "16Mi" } }
                    }]
                  }
                }
              }
            }
            """;
    }

    /// <summary>A client for the pods' pages: loopback only, never through a proxy, and quick to give up.</summary>
    public static HttpClient NewClient() =>
        new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(1) };

    /// <summary>The pod's page (<c>"&lt;pod&gt; &lt;version&gt;"</c>) from its hostIP and hostPort, or null when it does not answer.</summary>
    public static async Task<string?> PageAsync(HttpClient http, JsonNode pod)
    {
        if (pod["status"]?["hostIP"]?.GetValue<string>() is not { Length: > 0 } hostIP ||
            pod["spec"]?["containers"]?[0]?["ports"]?[0]?["hostPort"]?.GetValue<int>() is not int port)
        {
            return null;
        }

        try
        {
            using var response = await http.GetAsync(new Uri($"http://{hostIP}:{port}/"));
            return response.IsSuccessStatusCode ? (await response.Content.ReadAsStringAsync()).Trim() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="pod"/> answers with its own page (a pod that answered for another would not count).</summary>
    public static async Task<bool> AnswersAsync(HttpClient http, JsonNode pod) =>
        await PageAsync(http, pod) is { } page && page.StartsWith(Name(pod) + " ", StringComparison.Ordinal);

    /// <summary>Ready as a Service's endpoints see it: the Ready condition True and not terminating.</summary>
    public static bool IsServing(JsonNode pod) => Condition(pod, "Ready") == "True" && pod["metadata"]?["deletionTimestamp"] is null;

    public static string NodeOf(JsonNode pod) => pod["spec"]?["nodeName"]?.GetValue<string>() ?? "";

    public static string Uid(JsonNode pod) => pod["metadata"]!["uid"]!.GetValue<string>();

    public static string? TemplateHash(JsonNode pod) => pod["metadata"]?["labels"]?["pod-template-hash"]?.GetValue<string>();
}
