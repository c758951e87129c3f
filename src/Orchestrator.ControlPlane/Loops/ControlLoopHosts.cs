using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>Starts one <see cref="ControlLoopService"/> per registered loop and stops them with the host.</summary>
internal sealed class ControlLoopHosts : IHostedService
{
    private readonly List<ControlLoopService> _services;

    public ControlLoopHosts(IServiceProvider services)
    {
        var signals = services.GetRequiredService<LoopSignals>();
        var runner = services.GetRequiredService<ControlLoopRunner>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<ControlLoopService>>();
        _services = [.. services.GetServices<IControlLoop>().Select(loop => new ControlLoopService(loop, signals, runner, time, logger))];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _services)
        {
            await service.StartAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_services.Select(s => s.StopAsync(cancellationToken)));
}
