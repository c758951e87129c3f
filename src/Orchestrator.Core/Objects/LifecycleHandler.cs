namespace Orchestrator.Core.Objects;

/// <summary>What a lifecycle hook does: exactly one of exec, httpGet, tcpSocket (deprecated) or sleep.</summary>
public sealed class LifecycleHandler
{
    public ExecAction? Exec { get; set; }

    public HttpGetAction? HttpGet { get; set; }

    public TcpSocketAction? TcpSocket { get; set; }

    public SleepAction? Sleep { get; set; }
}
