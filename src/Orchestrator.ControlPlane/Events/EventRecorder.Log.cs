using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Events;

public sealed partial class EventRecorder
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} for {Kind} {Namespace}/{Name} of tenant {Tenant}: {Failure}")]
    private static partial void LogNotRecorded(ILogger logger, string reason, string? kind, string? @namespace, string? name, string tenant, string failure);
}
