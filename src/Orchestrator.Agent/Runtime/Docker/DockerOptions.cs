namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>Settings of the Docker runtime, bound from <c>Agent:Docker</c>.</summary>
internal sealed class DockerOptions
{
    public const string SectionName = "Agent:Docker";

    /// <summary>Whether the agent offers <c>runtimeClassName: docker</c> at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The engine's API: <c>unix:///var/run/docker.sock</c> (default), <c>npipe://./pipe/docker_engine</c> (Windows
    /// default), or <c>tcp://host:2376</c> (TLS when the certificate paths are set).
    /// </summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint();

    /// <summary>PEM file of the CA that signed the engine's certificate; with tcp, verifies the engine.</summary>
    public string? TlsCaCertificate { get; set; }

    /// <summary>PEM client certificate for tcp with TLS; needs <see cref="TlsKey"/>.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Bound on one engine call; pulls and stops with long grace periods need minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public bool UsesTls => TlsCertificate is not null || TlsCaCertificate is not null;

    internal static Uri DefaultEndpoint() =>
        OperatingSystem.IsWindows() ? new Uri("npipe://./pipe/docker_engine") : new Uri("unix:///var/run/docker.sock");
}
