using System.Globalization;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Runtime;

namespace Orchestrator.Fleet.Simulation;

/// <summary>
/// One simulated node: the real agent (its DI wiring and every loop: join, lease, channel, desired state, pod worker,
/// status reports, node status, services) in a host of its own, with the <see cref="SimDriver"/> as its only runtime.
/// Stopping it stops the agent only; its simulated containers keep "running", as real workloads outlive their agent.
/// </summary>
internal sealed class SimNode
{
    private readonly string _stateDirectory;
    private IHost? _host;

    public SimNode(string name, string stateDirectory)
    {
        Name = name;
        _stateDirectory = stateDirectory;
        Driver = new SimDriver(TimeProvider.System);
    }

    public string Name { get; }

    public SimDriver Driver { get; }

    public bool IsRunning => _host is not null;

    public async Task StartAsync(Uri server, string? joinToken, TimeSpan leaseInterval, RunningWatch watch, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_stateDirectory);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _stateDirectory });
        var settings = new Dictionary<string, string?>
        {
            ["Agent:ServerUrl"] = server.ToString(),
            ["Agent:NodeName"] = Name,
            ["Agent:StateDirectory"] = _stateDirectory,
            ["Agent:NodeAddress"] = "127.0.0.1",
            ["Agent:LeaseInterval"] = leaseInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Agent:Docker:Enabled"] = "false",
        };
        if (joinToken is not null)
        {
            settings["Agent:JoinToken"] = joinToken;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.Services.AddOrchestratorAgent();
        builder.Services.AddSingleton(new RuntimeDriverSet([Driver]));
        builder.Services.AddHttpClient(NodeApiClient.HttpClientName).AddHttpMessageHandler(() => watch.CreateHandler(Name));
        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
    }

    /// <summary>Waits until the agent holds its node credential (joined, or loaded from its state directory).</summary>
    public Task WaitJoinedAsync(CancellationToken cancellationToken) =>
        (_host ?? throw new InvalidOperationException("Not started.")).Services.GetRequiredService<NodeIdentity>().WaitAsync(cancellationToken);

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(timeout.Token);
            host.Dispose();
        }
    }
}
