using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;

namespace Orchestrator.Agent.Services;

/// <summary>
/// Keeps the managed block of <c>Agent:Services:HostsFile</c> in step with the service table, for host processes
/// (which share the machine's resolver). Does nothing when the option is not set.
/// </summary>
internal sealed partial class HostsFileLoop : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(30);

    private readonly ServiceTable _table;
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly ILogger<HostsFileLoop> _logger;

    public HostsFileLoop(ServiceTable table, IOptions<AgentOptions> options, TimeProvider time, ILogger<HostsFileLoop> logger)
    {
        _table = table;
        _path = options.Value.Services.HostsFile;
        _time = time;
        _logger = logger;
    }

    /// <summary>Writes the block for the current table; returns whether the file changed.</summary>
    internal bool Sync()
    {
        if (string.IsNullOrEmpty(_path))
        {
            return false;
        }

        var lines = HostsFileBlock.Lines(_table.Current.Services);
        var written = HostsFileBlock.Apply(_path, lines);
        if (written)
        {
            Log.Written(_logger, _path, lines.Count - 2);
        }

        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(_path))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var (_, version) = _table.Read();
            try
            {
                Sync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.Failed(_logger, _path, ex.Message);
            }

            try
            {
                await _table.WaitForChangeAsync(version, Retry, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
