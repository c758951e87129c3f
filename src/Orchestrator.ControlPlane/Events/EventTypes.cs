namespace Orchestrator.ControlPlane.Events;

/// <summary>The two values of an Event's <c>type</c>.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";

    public const string Warning = "Warning";
}
