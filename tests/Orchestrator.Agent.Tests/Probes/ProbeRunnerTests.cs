using System.Net;
using System.Net.Sockets;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Tests.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Probes;

/// <summary>Each probe kind against real listeners on 127.0.0.1 and real commands through the process driver.</summary>
public sealed class ProbeRunnerTests : IDisposable
{
    private readonly ProcessDriverFixture _processes = new();
    private readonly ProcessDriver _driver;
    private readonly ProbeRunner _runner;

    public ProbeRunnerTests()
    {
        _driver = _processes.NewDriver();
        _runner = new ProbeRunner(_driver, TimeProvider.System);
    }

    public void Dispose()
    {
        _runner.Dispose();
        _processes.Dispose();
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(302, true)]
    [InlineData(399, true)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    public async Task RunAsync_HttpGet_SucceedsForStatus200To399(int code, bool success)
    {
        using var server = new TestHttpServer(context => context.Response.StatusCode = code);

        var outcome = await _runner.RunAsync(HttpProbe(server.Port, "/healthz"), Target(), CancellationToken.None);

        Assert.Equal(success, outcome.Success);
        if (!success)
        {
            Assert.Equal($"HTTP probe failed with statuscode: {code}", outcome.Message);
        }
    }

    [Fact]
    public async Task RunAsync_HttpGet_SendsTheAgentsUserAgentAndTheDeclaredHeaders()
    {
        using var server = new TestHttpServer(context => context.Response.StatusCode = 200);
        var probe = HttpProbe(server.Port, "/healthz?full=1");
        probe.HttpGet!.HttpHeaders = [new HttpHeader { Name = "X-Probe", Value = "yes" }];

        var outcome = await _runner.RunAsync(probe, Target(), CancellationToken.None);

        Assert.True(outcome.Success, outcome.Message);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/healthz?full=1", request.PathAndQuery);
        Assert.StartsWith("orch-agent-probe/", request.UserAgent, StringComparison.Ordinal);
        Assert.Equal("yes", request.Headers["X-Probe"]);
    }

    [Fact]
    public async Task RunAsync_HttpGetNamedPort_ResolvesTheContainersPort()
    {
        using var server = new TestHttpServer(context => context.Response.StatusCode = 204);
        var spec = Spec();
        spec.Ports = [new ContainerPort { Name = "http", ContainerPortNumber = server.Port }];
        var probe = new Probe { HttpGet = new HttpGetAction { Path = "/", Port = IntOrString.FromString("http") }, TimeoutSeconds = 5 };

        var outcome = await _runner.RunAsync(probe, Target(spec), CancellationToken.None);

        Assert.True(outcome.Success, outcome.Message);
    }

    [Fact]
    public async Task RunAsync_HttpGetRedirectToTheSameHost_FollowsIt()
    {
        using var server = new TestHttpServer(context =>
        {
            if (context.Request.Url!.AbsolutePath == "/old")
            {
                context.Response.StatusCode = 301;
                context.Response.RedirectLocation = "/new";
            }
            else
            {
                context.Response.StatusCode = 500;
            }
        });

        var outcome = await _runner.RunAsync(HttpProbe(server.Port, "/old"), Target(), CancellationToken.None);

        Assert.False(outcome.Success, "the redirect target answers 500");
        Assert.Equal(["/old", "/new"], server.Requests.Select(request => request.PathAndQuery));
    }

    [Fact]
    public async Task RunAsync_HttpGetRedirectToAnotherHost_CountsTheRedirectAsSuccess()
    {
        using var server = new TestHttpServer(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = "http://elsewhere.invalid/";
        });

        var outcome = await _runner.RunAsync(HttpProbe(server.Port, "/"), Target(), CancellationToken.None);

        Assert.True(outcome.Success, outcome.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task RunAsync_HttpGetSlowerThanTimeout_Fails()
    {
        using var server = new TestHttpServer(_ => Thread.Sleep(TimeSpan.FromSeconds(3)));

        var outcome = await _runner.RunAsync(HttpProbe(server.Port, "/", timeoutSeconds: 1), Target(), CancellationToken.None);

        Assert.False(outcome.Success);
        Assert.Contains("context deadline exceeded", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HttpGetNothingListening_FailsWithTheConnectionError()
    {
        var outcome = await _runner.RunAsync(HttpProbe(FreePort(), "/"), Target(), CancellationToken.None);

        Assert.False(outcome.Success);
        Assert.StartsWith("Get \"http://127.0.0.1:", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TcpSocketListening_Succeeds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var outcome = await _runner.RunAsync(TcpProbe(((IPEndPoint)listener.LocalEndpoint).Port), Target(), CancellationToken.None);

        Assert.True(outcome.Success, outcome.Message);
    }

    [Fact]
    public async Task RunAsync_TcpSocketNothingListening_Fails()
    {
        var port = FreePort();

        var outcome = await _runner.RunAsync(TcpProbe(port), Target(), CancellationToken.None);

        Assert.False(outcome.Success);
        Assert.StartsWith($"dial tcp 127.0.0.1:{port}: ", outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exit 0", true)]
    [InlineData("exit 1", false)]
    public async Task RunAsync_ExecThroughTheProcessDriver_SucceedsOnExitCodeZero(string script, bool success)
    {
        var launch = ProcessDriverFixture.Launch(_processes.Shell("app", "sleep 30"));
        var container = await _driver.StartAsync(launch, CancellationToken.None);
        var probe = new Probe { Exec = new ExecAction { Command = ["/bin/sh", "-c", script] }, TimeoutSeconds = 5 };

        var outcome = await _runner.RunAsync(probe, new ProbeTarget(launch.Key, container.ContainerId, launch.Spec, "127.0.0.1"), CancellationToken.None);

        Assert.Equal(success, outcome.Success);
        if (!success)
        {
            Assert.Equal("command [/bin/sh -c exit 1] exited with 1", outcome.Message);
        }
    }

    [Fact]
    public async Task ExecAsync_ProcessDriver_RunsWithTheContainersEnvironmentAndWorkingDirectory()
    {
        var spec = _processes.Shell("app", "sleep 30");
        spec.Env = [new EnvVar { Name = "GREETING", Value = "hello" }];
        spec.WorkingDir = "/tmp";
        var launch = ProcessDriverFixture.Launch(spec);
        await _driver.StartAsync(launch, CancellationToken.None);

        var result = await _driver.ExecAsync(launch.Key, ["sh", "-c", "echo $GREETING; pwd; echo oops >&2; exit 3"], TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        // stdout and stderr are separate pipes, so only each stream's own order is certain.
        Assert.Contains("hello\n/tmp\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("oops\n", result.Output, StringComparison.Ordinal);
        Assert.Equal("hello\n/tmp\noops\n".Length, result.Output.Length);
    }

    [Fact]
    public async Task ExecAsync_CommandOutlivesTheTimeout_ThrowsTimeoutAndKillsIt()
    {
        var launch = ProcessDriverFixture.Launch(_processes.Shell("app", "sleep 30"));
        await _driver.StartAsync(launch, CancellationToken.None);
        var marker = "exec-" + _processes.Marker;

        await Assert.ThrowsAsync<TimeoutException>(() =>
            _driver.ExecAsync(launch.Key, ["/bin/sh", "-c", "sleep 30; : " + marker], TimeSpan.FromMilliseconds(300), CancellationToken.None));

        await Support.Eventually.TrueAsync(() => Support.ProcessTable.WithMarker(marker).Count == 0, "the timed-out command is killed");
    }

    [Fact]
    public async Task ExecAsync_UnknownCommand_Exits127()
    {
        var launch = ProcessDriverFixture.Launch(_processes.Shell("app", "sleep 30"));
        await _driver.StartAsync(launch, CancellationToken.None);

        var result = await _driver.ExecAsync(launch.Key, ["no-such-command-here"], TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(127, result.ExitCode);
    }

    private static Probe HttpProbe(int port, string path, int timeoutSeconds = 5) => new()
    {
        HttpGet = new HttpGetAction { Path = path, Port = IntOrString.FromInt(port), Scheme = "HTTP" },
        TimeoutSeconds = timeoutSeconds,
    };

    private static Probe TcpProbe(int port) => new() { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(port) }, TimeoutSeconds = 5 };

    private static Container Spec() => new() { Name = "app", Image = "busybox", Command = ["/bin/sleep", "30"] };

    private static ProbeTarget Target(Container? spec = null) => new(new ContainerKey("uid-1", "app"), "process://1", spec ?? Spec(), "127.0.0.1");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
