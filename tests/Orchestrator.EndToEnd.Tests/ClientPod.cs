namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// A client workload: a busybox shell as a host process on one node that runs <c>busybox wget</c> against a URL every
/// half second and appends <c>"ok &lt;page&gt;"</c> or <c>"failed &lt;error&gt;"</c> to a file the test reads.
/// </summary>
internal static class ClientPod
{
    /// <param name="name">The pod's name.</param>
    /// <param name="nodeName">The node it must run on (by its <c>kubernetes.io/hostname</c> label).</param>
    /// <param name="urls">
    /// A label for each URL (written in its result lines) and the URL, expanded by the pod's shell (so
    /// <c>$WEB_SERVICE_HOST</c> is the pod's environment variable).
    /// </param>
    /// <param name="output">The file the results are appended to.</param>
    public static string Pod(string name, string nodeName, IEnumerable<(string Label, string Url)> urls, string output)
    {
        var requests = string.Concat(urls.Select(u =>
            $"if r=$(/bin/busybox timeout 3 /bin/busybox wget -q -O - \"{u.Url}\" 2>&1); then echo \"ok {u.Label} $r\"; else echo \"failed {u.Label} $r\"; fi >> {output}; "));
        var script = $"while :; do {requests}sleep 0.5; done";
        return $$"""
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": { "name": "{{name}}", "labels": { "role": "client" } },
              "spec": {
                "runtimeClassName": "process",
                "terminationGracePeriodSeconds": 1,
                "nodeSelector": { "kubernetes.io/hostname": "{{nodeName}}" },
                "containers": [{
                  "name": "main",
                  "image": "busybox",
                  "command": ["/bin/sh", "-c", {{System.Text.Json.JsonSerializer.Serialize(script)}}],
                  "resources": { "requests": { "cpu": "50m", "memory": "16Mi" } }
                }]
              }
            }
            """;
    }

    /// <summary>The pages the pod got for the URL labelled <paramref name="label"/> so far, oldest first.</summary>
    public static IReadOnlyList<string> Pages(string output, string label) =>
        [.. Lines(output).Where(l => l.StartsWith($"ok {label} ", StringComparison.Ordinal)).Select(l => l[$"ok {label} ".Length..])];

    /// <summary>Every result line so far.</summary>
    public static IReadOnlyList<string> Lines(string output) => File.Exists(output) ? File.ReadAllLines(output) : [];
}
