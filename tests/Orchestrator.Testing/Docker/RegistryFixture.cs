using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Xunit;

namespace Orchestrator.Testing.Docker;

/// <summary>
/// Runs Debian's <c>docker-registry</c> on 127.0.0.1 with filesystem storage in a temporary folder, and with
/// htpasswd basic auth (<see cref="Username"/>/<see cref="Password"/>; the bcrypt line is made by python3's crypt).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string Username = "orch";
    public const string Password = "pull-secret-pw";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _process;
    private string _root = "";

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>: the registry part of image references.</summary>
    public string Host => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        const string binary = "/usr/bin/docker-registry";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException("docker-registry is not installed (apt-get install docker-registry): the pull tests need a local registry.");
        }

        _root = Directory.CreateTempSubdirectory("oreg-").FullName;
        var htpasswd = Path.Combine(_root, "htpasswd");
        await File.WriteAllTextAsync(htpasswd, Username + ":" + await BcryptAsync(Password) + "\n");
        Port = FreePort.Next();
        var config = Path.Combine(_root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
            http:
              addr: 127.0.0.1:{Port}
            auth:
              htpasswd:
                realm: orch-test
                path: {htpasswd}
            """);

        var start = new ProcessStartInfo(binary, ["serve", config]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await OwnedProcesses.StopAsync(_process, TimeSpan.FromSeconds(10));
            _process.Dispose();
        }

        if (_root.Length > 0)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<string> BcryptAsync(string password)
    {
        var start = new ProcessStartInfo("python3", ["-W", "ignore", "-c", "import crypt,sys;print(crypt.crypt(sys.stdin.readline().strip(), crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024)))"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start (it makes the registry's bcrypt htpasswd line).");
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var hash = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return hash.StartsWith("$2", StringComparison.Ordinal)
            ? hash
            : throw new InvalidOperationException("python3's crypt could not make a bcrypt hash for the registry's htpasswd.");
    }
}
