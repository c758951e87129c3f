using System.Diagnostics;
using System.Text;
using Xunit;

namespace Orchestrator.Testing.Docker;

/// <summary>
/// Runs a private Docker engine (Debian's <c>docker.io</c>) as root, in a fresh short temporary folder, with the
/// host's network left alone (<c>--bridge=none</c>, no iptables): containers use host networking. Fails, never
/// skips, when <c>dockerd</c> is missing or the tests do not run as root.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private const int MaxLogChars = 64 * 1024;

    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>The private folder; short, because a unix socket path must stay under ~108 characters.</summary>
    public string RootDirectory { get; private set; } = "";

    public string SocketPath => Path.Combine(RootDirectory, "d.sock");

    /// <summary>The engine's API, for <c>Agent:Docker:Endpoint</c>.</summary>
    public Uri Endpoint => new("unix://" + SocketPath);

    /// <summary>The daemon's output so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public HttpClient CreateHttpClient(TimeSpan? timeout = null) => UnixSocketHttp.Create(SocketPath, timeout ?? TimeSpan.FromMinutes(2));

    public async Task InitializeAsync()
    {
        var dockerd = new[] { "/usr/sbin/dockerd", "/usr/bin/dockerd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dockerd is not installed: the Docker runtime tests need a real engine (apt-get install docker.io). They fail rather than skip, so CI cannot pass without running them.");
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"The Docker runtime tests start a private dockerd and must run as root (running as {Environment.UserName}).");
        }

        RootDirectory = Directory.CreateTempSubdirectory("od-").FullName;
        var start = new ProcessStartInfo(dockerd)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "-H", "unix://" + SocketPath,
            "--data-root", Path.Combine(RootDirectory, "data"),
            "--exec-root", Path.Combine(RootDirectory, "x"),
            "--pidfile", Path.Combine(RootDirectory, "d.pid"),
            "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
            // A busybox `sleep` as pid 1 ignores SIGTERM: do not let it hold up the daemon's shutdown.
            "--shutdown-timeout=1",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dockerd did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = CreateHttpClient(TimeSpan.FromSeconds(2));
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with code {_process.ExitCode} while starting:\n{Log}");
            }

            try
            {
                if (File.Exists(SocketPath) && await client.GetStringAsync(new Uri("_ping", UriKind.Relative)) == "OK")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"dockerd did not answer /_ping within {StartTimeout.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await OwnedProcesses.StopAsync(_process, StopGrace);
            _process.Dispose();
        }

        if (RootDirectory.Length == 0)
        {
            return;
        }

        // The daemon's containerd and shims live under our folder; whatever outlived the daemon goes now.
        foreach (var pid in OwnedProcesses.FindByCommandLine(RootDirectory))
        {
            OwnedProcesses.Signal(pid, "KILL");
        }

        OwnedProcesses.UnmountBelow(RootDirectory);
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A mount still busy: the folder is under /tmp and small apart from image layers.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < MaxLogChars)
            {
                _log.AppendLine(line);
            }
        }
    }
}
