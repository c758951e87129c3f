using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Bootstrap;
using Orchestrator.Storage;

namespace Orchestrator.Server;

/// <summary>
/// Makes a fresh installation usable: creates the tables (of the Table store; the SQLite store makes its schema when it
/// opens), the bootstrap tenant and its <c>default</c> namespace,
/// and a client config file with an admin key, unless the file already holds a key that still works.
/// </summary>
internal sealed partial class FirstStart
{
    private readonly TableStorageInitializer? _tables;
    private readonly TenantBootstrapper _bootstrapper;
    private readonly ServerOptions _options;
    private readonly ILogger<FirstStart> _logger;

    public FirstStart(TenantBootstrapper bootstrapper, IOptions<ServerOptions> options, ILogger<FirstStart> logger, TableStorageInitializer? tables = null)
    {
        _tables = tables;
        _bootstrapper = bootstrapper;
        _options = options.Value;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_tables is not null)
        {
            await _tables.CreateTablesAsync(cancellationToken);
        }

        var tenant = _options.BootstrapTenant;
        await _bootstrapper.EnsureTenantAsync(tenant, cancellationToken);

        var existing = Read(_options.ConfigPath);
        if (existing is not null && existing.Server == _options.Url && existing.Tenant == tenant &&
            await _bootstrapper.IsAdminKeyAsync(tenant, existing.Token, cancellationToken))
        {
            LogConfigKept(_logger, _options.ConfigPath);
            return;
        }

        var key = await _bootstrapper.IssueAdminKeyAsync(tenant, "written to " + _options.ConfigPath, cancellationToken);
        Write(_options.ConfigPath, new ClientConfig(_options.Url, key, tenant));
        LogConfigWritten(_logger, _options.ConfigPath, tenant);
    }

    private static ClientConfig? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ServerJsonContext.Default.ClientConfig) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(string path, ClientConfig config)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The file holds an admin key: readable by its owner only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, config, ServerJsonContext.Default.ClientConfig);
        }

        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client config {Path} holds a valid admin key; kept")]
    private static partial void LogConfigKept(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote an admin key for tenant {Tenant} to {Path}")]
    private static partial void LogConfigWritten(ILogger logger, string path, string tenant);
}
