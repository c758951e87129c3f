using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Orchestrator.Testing;

/// <summary>
/// Runs a private Azurite (blob, queue, table) from the repository's <c>node_modules</c> on three free loopback
/// ports with disk persistence in a fresh temporary folder. <see cref="StopAsync"/> and <see cref="StartAsync"/>
/// restart it on the same ports and data, so tests can prove that data survives a restart.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IDisposable
{
    /// <summary>The emulator's well-known account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known (public) account key.</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(15);
    private const int MaxOutputChars = 64 * 1024;
    private const int PortAttempts = 3;

    // Preloaded into Azurite's node: the test host holds our stdin pipe, so its end means the host is gone (even
    // killed outright), and Azurite must not outlive it. unref() keeps stdin from holding a stopped Azurite alive.
    private const string ExitWithParentScript = """
        process.stdin.on("end", () => process.exit(0));
        process.stdin.on("error", () => process.exit(0));
        process.stdin.resume();
        process.stdin.unref();
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private Process? _process;
    private string _rootDirectory = "";
    private string _exitWithParentPath = "";
    private bool _disposed;

    /// <summary>
    /// The address Azurite listens on and the connection string names; loopback unless a test needs it reachable from
    /// elsewhere (a network namespace's bridge address). Set before the first start.
    /// </summary>
    public string ListenHost { get; init; } = "127.0.0.1";

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>Azurite's <c>--location</c>; kept across <see cref="StopAsync"/>/<see cref="StartAsync"/>, deleted on dispose.</summary>
    public string DataDirectory { get; private set; } = "";

    /// <summary>Whether the Azurite process started by this fixture is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Connection string for the well-known account with explicit endpoints on this fixture's ports.</summary>
    public string ConnectionString => BlobPort == 0
        ? throw new InvalidOperationException("Azurite has not been started yet.")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://{ListenHost}:{BlobPort}/{AccountName};" +
            $"QueueEndpoint=http://{ListenHost}:{QueuePort}/{AccountName};" +
            $"TableEndpoint=http://{ListenHost}:{TablePort}/{AccountName};");

    public Task InitializeAsync() => StartAsync();

    /// <summary>
    /// Starts Azurite and waits until its three ports accept connections. The first start picks the ports and the
    /// data folder; later starts reuse them. Does nothing when already running.
    /// </summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsRunning)
            {
                return;
            }

            var script = FindAzuriteScript();
            var firstStart = BlobPort == 0;
            if (firstStart)
            {
                _rootDirectory = Directory.CreateTempSubdirectory("orch-azurite-").FullName;
                DataDirectory = Directory.CreateDirectory(Path.Combine(_rootDirectory, "data")).FullName;
                _exitWithParentPath = Path.Combine(_rootDirectory, "exit-with-parent.js");
                await File.WriteAllTextAsync(_exitWithParentPath, ExitWithParentScript);
            }

            for (var attempt = 1; ; attempt++)
            {
                if (firstStart)
                {
                    (BlobPort, QueuePort, TablePort) = PickThreePorts();
                }

                try
                {
                    await StartProcessAsync(script);
                    return;
                }
                catch (AzuriteStartException ex) when (firstStart && ex.PortInUse && attempt < PortAttempts)
                {
                    // Another process took a port between our probe and Azurite's bind: pick new ones.
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops Azurite gracefully (SIGTERM, so it flushes its metadata to <see cref="DataDirectory"/>), killing the
    /// process tree if it does not exit in time. Ports and data are kept for <see cref="StartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var process = _process;
            if (process is null)
            {
                return;
            }

            if (!process.HasExited)
            {
                RequestGracefulExit(process);
                using var timeout = new CancellationTokenSource(GracefulStopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    KillAndWait(process);
                }
            }

            process.Dispose();
            _process = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Kills the Azurite process tree this fixture started, waits for it, and deletes its temporary folder.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            if (_process is { } process)
            {
                KillAndWait(process);
                process.Dispose();
                _process = null;
            }

            DeleteDataDirectory();
        }
        finally
        {
            // Not disposed: xunit calls both DisposeAsync and Dispose, and a SemaphoreSlim without a wait handle holds
            // nothing to release.
            _gate.Release();
        }
    }

    private async Task StartProcessAsync(string script)
    {
        lock (_stderr)
        {
            _stderr.Clear();
        }

        lock (_stdout)
        {
            _stdout.Clear();
        }

        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in new[]
        {
            "--require", _exitWithParentPath,
            script,
            "--blobHost", ListenHost, "--blobPort", Invariant(BlobPort),
            "--queueHost", ListenHost, "--queuePort", Invariant(QueuePort),
            "--tableHost", ListenHost, "--tablePort", Invariant(TablePort),
            // Disk persistence: in-memory mode freezes after some thousands of deleted queue messages.
            "--location", DataDirectory,
            // The Azure SDK clients send newer API versions than Azurite knows.
            "--skipApiVersionCheck",
            "--silent",
            "--loose",
            "--disableTelemetry",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start 'node' to run Azurite; is Node.js on the PATH?", ex);
        }

        _process = process;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            await WaitForPortsAsync(process);
        }
        catch
        {
            KillAndWait(process);
            process.Dispose();
            _process = null;
            throw;
        }
    }

    private async Task WaitForPortsAsync(Process process)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (process.HasExited)
                {
                    // Let the asynchronous readers drain what the process wrote before it died.
                    await process.WaitForExitAsync();
                    var output = Output();
                    throw new AzuriteStartException(
                        $"Azurite exited with code {process.ExitCode} before port {port} accepted connections.{output}",
                        portInUse: output.Contains("EADDRINUSE", StringComparison.Ordinal));
                }

                if (await AcceptsAsync(IPAddress.Parse(ListenHost), port))
                {
                    break;
                }

                if (stopwatch.Elapsed > StartTimeout)
                {
                    throw new AzuriteStartException(
                        $"Azurite (pid {process.Id}) did not accept connections on {ListenHost}:{port} within {StartTimeout.TotalSeconds:0} s.{Output()}",
                        portInUse: false);
                }

                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string FindAzuriteScript()
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({script} is missing). Run 'npm ci' in {root}.");
        }

        return script;
    }

    private static (int Blob, int Queue, int Table) PickThreePorts()
    {
        var ports = new HashSet<int>();
        while (ports.Count < 3)
        {
            ports.Add(FreePort.Next());
        }

        var list = ports.ToArray();
        return (list[0], list[1], list[2]);
    }

    private static void RequestGracefulExit(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            // No SIGTERM on Windows; Azurite's periodic autosave is all that persists there.
            process.Kill(entireProcessTree: true);
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-TERM", Invariant(process.Id) },
            UseShellExecute = false,
        });
        kill?.WaitForExit();
    }

    private static void KillAndWait(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // The process already exited and was reaped.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // Last resort when the test host exits without disposing fixtures: never leave Azurite running.
        if (_process is { } process)
        {
            KillAndWait(process);
        }
    }

    private void DeleteDataDirectory()
    {
        if (_rootDirectory.Length == 0 || !Directory.Exists(_rootDirectory))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(_rootDirectory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
    }

    private string Output()
    {
        string stderr, stdout;
        lock (_stderr)
        {
            stderr = _stderr.ToString();
        }

        lock (_stdout)
        {
            stdout = _stdout.ToString();
        }

        return $"{Environment.NewLine}Azurite stderr:{Environment.NewLine}{stderr}{Environment.NewLine}Azurite stdout:{Environment.NewLine}{stdout}";
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            if (buffer.Length < MaxOutputChars)
            {
                buffer.AppendLine(line);
            }
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
