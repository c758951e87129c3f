namespace Orchestrator.Core.Objects;

/// <summary>One port of a Service: where clients connect (<see cref="Port"/>, <see cref="NodePort"/>) and where the pods listen (<see cref="TargetPort"/>).</summary>
public sealed class ServicePort
{
    public string? Name { get; set; }

    /// <summary><c>TCP</c> (the default; the only one the proxy carries).</summary>
    public string? Protocol { get; set; }

    public string? AppProtocol { get; set; }

    public int Port { get; set; }

    /// <summary>A number, or the name of a container port; defaults to <see cref="Port"/>.</summary>
    public IntOrString? TargetPort { get; set; }

    /// <summary>For <c>NodePort</c> Services: the port every node listens on, allocated from the node port range when absent.</summary>
    public int? NodePort { get; set; }
}
