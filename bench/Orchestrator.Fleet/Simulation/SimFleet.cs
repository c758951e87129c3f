using System.Globalization;
using Orchestrator.Fleet.Hosting;

namespace Orchestrator.Fleet.Simulation;

/// <summary>N simulated nodes in this process, joined in waves so that the control plane sees a realistic arrival.</summary>
internal sealed class SimFleet : IAsyncDisposable
{
    private const int JoinWave = 50;

    private readonly string _work = Directory.CreateTempSubdirectory("orch-fleet-agents-").FullName;
    private readonly FleetApi _api;
    private readonly TimeSpan _leaseInterval;

    /// <param name="api">The control plane, as its admin.</param>
    /// <param name="prefix">The start of every node name (<c>sim</c>: sim-00000, sim-00001, ...).</param>
    /// <param name="nodes">How many nodes.</param>
    /// <param name="leaseInterval">The agents' lease renewal interval.</param>
    public SimFleet(FleetApi api, string prefix, int nodes, TimeSpan leaseInterval)
    {
        _api = api;
        _leaseInterval = leaseInterval;
        Watch = new RunningWatch(TimeProvider.System);
        Prefix = prefix;
        Nodes = [.. Enumerable.Range(0, nodes).Select(i =>
        {
            var name = prefix + "-" + i.ToString("D5", CultureInfo.InvariantCulture);
            return new SimNode(name, Path.Combine(_work, name));
        })];
    }

    public IReadOnlyList<SimNode> Nodes { get; }

    public string Prefix { get; }

    public RunningWatch Watch { get; }

    /// <summary>Joins every node (a join token each) and waits until all hold their credential.</summary>
    public async Task StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        foreach (var wave in Nodes.Chunk(JoinWave))
        {
            var tokens = await Task.WhenAll(wave.Select(_ => _api.CreateJoinTokenAsync(cancellationToken)));
            await Task.WhenAll(wave.Select((node, i) => node.StartAsync(_api.Server, tokens[i], _leaseInterval, Watch, cancellationToken)));
            await Task.WhenAll(wave.Select(node => node.WaitJoinedAsync(cancellationToken)));
            log.Write($"\r  {Nodes.TakeWhile(node => node.IsRunning).Count()} of {Nodes.Count} agents joined");
        }

        log.WriteLine();
    }

    /// <summary>Starts a stopped node again with the credential it stored.</summary>
    public Task RestartAsync(SimNode node, CancellationToken cancellationToken) =>
        node.StartAsync(_api.Server, joinToken: null, _leaseInterval, Watch, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var wave in Nodes.Chunk(JoinWave))
        {
            await Task.WhenAll(wave.Select(node => node.StopAsync()));
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
