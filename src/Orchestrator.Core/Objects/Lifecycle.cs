using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>Hooks around a container's life: <c>postStart</c> and <c>preStop</c>.</summary>
public sealed class Lifecycle
{
    public LifecycleHandler? PostStart { get; set; }

    public LifecycleHandler? PreStop { get; set; }

    /// <summary>Kept but not acted on yet.</summary>
    public JsonElement? StopSignal { get; set; }
}
