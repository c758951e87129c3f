using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>
/// Kubernetes <c>Container</c>. Typed properties are implemented; <see cref="JsonElement"/> properties are
/// kept but not acted on yet (answered with a <c>Warning</c> header).
/// </summary>
public sealed class Container
{
    public string? Name { get; set; }

    public string? Image { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public string? WorkingDir { get; set; }

    public List<EnvVar>? Env { get; set; }

    public List<ContainerPort>? Ports { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public string? ImagePullPolicy { get; set; }

    public string? TerminationMessagePath { get; set; }

    public string? TerminationMessagePolicy { get; set; }

    public JsonElement? EnvFrom { get; set; }

    public JsonElement? VolumeMounts { get; set; }

    public JsonElement? VolumeDevices { get; set; }

    public Probe? LivenessProbe { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? StartupProbe { get; set; }

    public Lifecycle? Lifecycle { get; set; }

    public JsonElement? SecurityContext { get; set; }

    public JsonElement? Stdin { get; set; }

    public JsonElement? StdinOnce { get; set; }

    public JsonElement? Tty { get; set; }

    public JsonElement? ResizePolicy { get; set; }

    public JsonElement? RestartPolicy { get; set; }
}
