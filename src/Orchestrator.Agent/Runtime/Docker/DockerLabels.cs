using System.Globalization;
using System.Text.Json;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>
/// The labels the agent puts on its containers. They carry everything a restarted agent needs to adopt a container
/// (decision 6), so the Docker driver keeps no records of its own: the engine is the record.
/// </summary>
internal static class DockerLabels
{
    public const string Prefix = "orchestrator.io/";
    public const string Node = Prefix + "node";
    public const string Namespace = Prefix + "namespace";
    public const string PodName = Prefix + "pod-name";
    public const string PodUid = Prefix + "pod-uid";
    public const string Container = Prefix + "container";
    public const string SpecHash = Prefix + "spec-hash";
    public const string RestartCount = Prefix + "restart-count";
    public const string BackoffStep = Prefix + "backoff-step";
    public const string GracePeriodSeconds = Prefix + "grace-period-seconds";
    public const string LastState = Prefix + "last-state";

    public static Dictionary<string, string> For(ContainerLaunch launch, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Node] = nodeName,
            [Namespace] = launch.Namespace,
            [PodName] = launch.PodName,
            [PodUid] = launch.PodUid,
            [Container] = launch.Key.ContainerName,
            [SpecHash] = launch.SpecHash,
            [RestartCount] = launch.RestartCount.ToString(CultureInfo.InvariantCulture),
            [BackoffStep] = launch.BackoffStep.ToString(CultureInfo.InvariantCulture),
            [GracePeriodSeconds] = ((long)launch.TerminationGracePeriod.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
        if (launch.LastState is { } last)
        {
            labels[LastState] = JsonSerializer.Serialize(last, AgentJsonContext.Default.ContainerTermination);
        }

        return labels;
    }

    /// <summary>The container's key from its labels; null when they are not the agent's.</summary>
    public static ContainerKey? KeyOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(PodUid, out var uid) && labels.TryGetValue(Container, out var name) && uid.Length > 0 && name.Length > 0
            ? new ContainerKey(uid, name)
            : null;

    public static string Get(IDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) ? value : "";

    public static int GetInt(IDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;

    public static ContainerTermination? GetLastState(IDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(LastState, out var json) || string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, AgentJsonContext.Default.ContainerTermination);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>orch_&lt;pod&gt;_&lt;namespace&gt;_&lt;container&gt;_&lt;uid8&gt;_&lt;restart&gt;</c>, like the kubelet's
    /// <c>k8s_</c> names: unique per run, so a second create of the same run fails instead of running twice.
    /// </summary>
    public static string ContainerName(ContainerLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var uid = launch.PodUid.Replace("-", "", StringComparison.Ordinal);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"orch_{launch.PodName}_{launch.Namespace}_{launch.Key.ContainerName}_{uid[..Math.Min(8, uid.Length)]}_{launch.RestartCount}");
    }
}
