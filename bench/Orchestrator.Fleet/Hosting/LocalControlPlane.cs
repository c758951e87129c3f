using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Orchestrator.Fleet.Hosting;

/// <summary>
/// What <c>scripts/run</c> starts, minus the agent: the standalone server built in Release on a SQLite file in a fresh
/// folder, or on Table Storage in an Azurite started beside it (disk persistence, free loopback ports), each a child
/// process stopped by its pid.
/// </summary>
internal sealed class LocalControlPlane : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _work;
    private ChildProcess? _azurite;
    private ChildProcess? _server;

    private LocalControlPlane(string work) => _work = work;

    public Uri Url { get; private set; } = null!;

    public string Token { get; private set; } = "";

    /// <summary>Azurite's connection string when the server runs on Table Storage, else null.</summary>
    public string? StorageConnectionString { get; private set; }

    /// <summary>The folder the server keeps its SQLite file in (and a store-ceiling probe its own).</summary>
    public string WorkDirectory => _work;

    /// <summary>The CPU seconds Azurite (the store) has used so far; null when the store is in the server's process.</summary>
    public double? StoreCpuSeconds => _azurite?.CpuTime().TotalSeconds;

    public static async Task<LocalControlPlane> StartAsync(string repositoryRoot, bool tableStore, IReadOnlyDictionary<string, string> serverSettings, TextWriter log, CancellationToken cancellationToken)
    {
        var plane = new LocalControlPlane(Directory.CreateTempSubdirectory("orch-fleet-").FullName);
        try
        {
            if (tableStore)
            {
                await plane.StartAzuriteAsync(repositoryRoot, log, cancellationToken);
            }

            await plane.StartServerAsync(repositoryRoot, serverSettings, log, cancellationToken);
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartAzuriteAsync(string root, TextWriter log, CancellationToken cancellationToken)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script}): run `npm ci` in {root}.");
        }

        int[] ports = [FreePort(), FreePort(), FreePort()];
        var data = Directory.CreateDirectory(Path.Combine(_work, "azurite")).FullName;
        log.WriteLine($"Starting Azurite on 127.0.0.1:{ports[0]}-{ports[2]} (data in {data})");
        _azurite = ChildProcess.Start("node",
        [
            script, "--location", data, "--silent", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", Invariant(ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Invariant(ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Invariant(ports[2]),
        ], new Dictionary<string, string>(), Path.Combine(_work, "azurite.log"));
        foreach (var port in ports)
        {
            await WaitAsync("Azurite", _azurite, () => PortOpenAsync(port), TimeSpan.FromSeconds(30), cancellationToken);
        }

        StorageConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{Invariant(ports[0])}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{Invariant(ports[1])}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{Invariant(ports[2])}/devstoreaccount1;";
    }

    private async Task StartServerAsync(string root, IReadOnlyDictionary<string, string> settings, TextWriter log, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(root, "src", "Orchestrator.Server", "bin", "Release", "net10.0", "orch-server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The server is not built ({dll}): run `dotnet build src/Orchestrator.Server -c Release`.");
        }

        Url = new Uri($"http://127.0.0.1:{Invariant(FreePort())}");
        var config = Path.Combine(_work, "config.json");
        var environment = new Dictionary<string, string>(settings)
        {
            ["ORCH_URL"] = Url.ToString().TrimEnd('/'),
            ["ORCH_CONFIG"] = config,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (StorageConnectionString is { } storage)
        {
            environment["ORCH_STORE"] = "table";
            environment["ORCH_STORAGE_CONNECTION"] = storage;
        }
        else
        {
            environment["ORCH_STORE"] = "sqlite";
            environment["ORCH_DATABASE"] = Path.Combine(_work, "orchestrator.db");
        }

        log.WriteLine($"Starting the control plane on {Url} ({environment["ORCH_STORE"]})");
        _server = ChildProcess.Start("dotnet", [dll], environment, Path.Combine(_work, "server.log"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync("The control plane", _server, async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "healthz"), cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), cancellationToken);
        Token = JsonNode.Parse(await File.ReadAllTextAsync(config, cancellationToken))!["token"]!.GetValue<string>();
    }

    private static async Task WaitAsync(string what, ChildProcess process, Func<Task<bool>> ready, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await ready())
        {
            if (process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{what} did not start (log {process.LogPath}):\n{process.Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<bool> PortOpenAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
