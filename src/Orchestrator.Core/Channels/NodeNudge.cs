using System.Text.Json.Serialization;

namespace Orchestrator.Core.Channels;

/// <summary>
/// A hint that a node's desired state changed. It carries no command: the agent fetches the whole desired state
/// and converges, so a lost, duplicated or reordered nudge is harmless. <see cref="Reason"/> says what changed
/// (<see cref="PodsChanged"/>, <see cref="ServicesChanged"/>, several joined by <c>", "</c>); a reason the agent does
/// not know makes it fetch everything.
/// </summary>
public sealed record NodeNudge(string Tenant, string NodeName, string Reason, DateTimeOffset SentAt) : NodeMessage
{
    /// <summary>The node's pods changed: its agent fetches its desired pods.</summary>
    public const string PodsChanged = "pods changed";

    /// <summary>The tenant's Services or EndpointSlices changed: its agent fetches them for its proxy.</summary>
    public const string ServicesChanged = "services changed";

    private const string Separator = ", ";

    /// <summary>Whether the agent should fetch its desired pods: anything but only a change of Services.</summary>
    [JsonIgnore]
    public bool ConcernsPods => Reasons().Any(r => r != ServicesChanged);

    /// <summary>Whether the agent should fetch the Services and EndpointSlices: anything but only a change of pods.</summary>
    [JsonIgnore]
    public bool ConcernsServices => Reasons().Any(r => r != PodsChanged);

    /// <summary>One nudge that says what both say, sent when the newer one was (nudges are coalesced, not queued).</summary>
    public NodeNudge MergedWith(NodeNudge newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        return newer with { Reason = JoinReasons([.. Reasons(), .. newer.Reasons()]) };
    }

    /// <summary>The reasons, without repeats, as one <see cref="Reason"/>.</summary>
    public static string JoinReasons(IEnumerable<string> reasons) => string.Join(Separator, reasons.Distinct(StringComparer.Ordinal));

    private IEnumerable<string> Reasons() => Reason.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
