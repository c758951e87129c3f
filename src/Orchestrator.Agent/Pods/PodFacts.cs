using System.Text.RegularExpressions;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Pods;

/// <summary>Kubernetes defaults and small facts about a pod that both the reconciler and the status builder need.</summary>
internal static partial class PodFacts
{
    public const string RestartAlways = "Always";
    public const string RestartOnFailure = "OnFailure";
    public const string RestartNever = "Never";

    public const long DefaultTerminationGracePeriodSeconds = 30;

    public static string RestartPolicy(Pod pod) => pod.Spec?.RestartPolicy ?? RestartAlways;

    /// <summary>Whether a container that exited with <paramref name="exitCode"/> restarts under the pod's restart policy.</summary>
    public static bool ShouldRestart(Pod pod, int exitCode) => RestartPolicy(pod) switch
    {
        RestartNever => false,
        RestartOnFailure => exitCode != 0,
        _ => true,
    };

    /// <summary>A pod the agent can act on: it has a name, a namespace and a uid that can name files.</summary>
    public static bool IsUsable(Pod pod) =>
        !string.IsNullOrEmpty(pod.Metadata.Name) &&
        !string.IsNullOrEmpty(pod.Metadata.Namespace) &&
        pod.Metadata.Uid is { } uid && UidPattern().IsMatch(uid);

    public static string Uid(Pod pod) => pod.Metadata.Uid ?? "";

    public static string Describe(Pod pod) => $"{pod.Metadata.Name}_{pod.Metadata.Namespace}({pod.Metadata.Uid})";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex UidPattern();
}
