namespace Orchestrator.Agent.Runtime.Process;

/// <summary>
/// Copies a process's stdout and stderr into its log file where the process cannot be given the file itself
/// (Windows). Output written after the agent exits is lost there; on Unix the process writes the file directly.
/// </summary>
internal sealed class LogPump : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Task _copying;

    public LogPump(string logPath, Stream stdout, Stream stderr)
    {
        _file = new FileStream(logPath, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite });
        _copying = Task.WhenAll(CopyAsync(stdout), CopyAsync(stderr));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _copying;
        }
        finally
        {
            await _file.DisposeAsync();
            _gate.Dispose();
        }
    }

    private async Task CopyAsync(Stream source)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await _gate.WaitAsync();
                try
                {
                    await _file.WriteAsync(buffer.AsMemory(0, read));
                    await _file.FlushAsync();
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (IOException)
        {
            // The process closed its end; nothing more to copy.
        }
    }
}
