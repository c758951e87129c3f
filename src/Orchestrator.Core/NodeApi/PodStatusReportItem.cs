using Orchestrator.Core.Objects;

namespace Orchestrator.Core.NodeApi;

/// <summary>One pod's status; <see cref="Uid"/> guards against reporting for a pod that was replaced by a namesake.</summary>
public sealed record PodStatusReportItem(string Namespace, string Name, string Uid, PodStatus Status);
