using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Events;

/// <summary>Something a control loop did or failed to do to <paramref name="Regarding"/>, for people to read.</summary>
/// <param name="Regarding">The object the event is about (its kind, name, namespace and uid are recorded).</param>
/// <param name="Type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
/// <param name="Reason">A short UpperCamelCase reason, as Kubernetes' controllers use (<c>Scheduled</c>, <c>FailedScheduling</c>...).</param>
/// <param name="Message">What happened, in a sentence.</param>
/// <param name="Component">The reporting controller (<c>default-scheduler</c>, <c>deployment-controller</c>...).</param>
public sealed record EventRecord(KubeObject Regarding, string Type, string Reason, string Message, string Component);
