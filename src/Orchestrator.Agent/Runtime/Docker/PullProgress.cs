using Docker.DotNet.Models;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>Collects the error a pull reports in its progress stream (the engine answers 200 and puts failures there).</summary>
internal sealed class PullProgress : IProgress<JSONMessage>
{
    private readonly Lock _gate = new();
    private string? _error;

    public string? Error
    {
        get
        {
            lock (_gate)
            {
                return _error;
            }
        }
    }

    public void Report(JSONMessage value)
    {
        var message = value?.Error?.Message ?? value?.ErrorMessage;
        if (!string.IsNullOrEmpty(message))
        {
            lock (_gate)
            {
                _error ??= message;
            }
        }
    }
}
