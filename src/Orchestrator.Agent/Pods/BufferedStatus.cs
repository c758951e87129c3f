using Orchestrator.Core.NodeApi;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// A status waiting to be sent; <see cref="Sequence"/> tells whether a newer one replaced it meanwhile, and
/// <see cref="Final"/> that it is the last status of a terminating pod whose containers have all stopped.
/// </summary>
internal readonly record struct BufferedStatus(PodStatusReportItem Item, long Sequence, bool Final = false);
