using Microsoft.Azure.Functions.Worker;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.Functions.Storage;

namespace Orchestrator.Functions.Loops;

/// <summary>
/// One timer function per <see cref="IControlLoop"/>, named after <see cref="IControlLoop.Name"/> (a test compares the
/// generated functions.metadata with the loops the control plane registers). The Functions runtime runs each timer
/// as a singleton under a blob lease, so a pass never overlaps another pass of the same loop.
/// </summary>
public sealed class ControlLoopFunctions
{
    private readonly ControlLoopRunner _runner;
    private readonly IEnumerable<IControlLoop> _loops;
    private readonly StoreReadiness _readiness;

    public ControlLoopFunctions(ControlLoopRunner runner, IEnumerable<IControlLoop> loops, StoreReadiness readiness)
    {
        _runner = runner;
        _loops = loops;
        _readiness = readiness;
    }

    [Function(nameof(Deployment))]
    public Task Deployment([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(Deployment), cancellationToken);

    [Function(nameof(ReplicaSet))]
    public Task ReplicaSet([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(ReplicaSet), cancellationToken);

    [Function(nameof(Scheduler))]
    public Task Scheduler([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(Scheduler), cancellationToken);

    [Function(nameof(NodeLifecycle))]
    public Task NodeLifecycle([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(NodeLifecycle), cancellationToken);

    [Function(nameof(TaintEviction))]
    public Task TaintEviction([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(TaintEviction), cancellationToken);

    [Function(nameof(GarbageCollector))]
    public Task GarbageCollector([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(GarbageCollector), cancellationToken);

    [Function(nameof(Disruption))]
    public Task Disruption([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(Disruption), cancellationToken);

    [Function(nameof(Endpoints))]
    public Task Endpoints([TimerTrigger(LoopSchedules.EveryFiveSeconds)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(Endpoints), cancellationToken);

    [Function(nameof(EventExpiry))]
    public Task EventExpiry([TimerTrigger(LoopSchedules.EveryMinute)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(EventExpiry), cancellationToken);

    [Function(nameof(ChangeLogCompaction))]
    public Task ChangeLogCompaction([TimerTrigger(LoopSchedules.EveryMinute)] TimerInfo timer, CancellationToken cancellationToken) =>
        ResyncAsync(nameof(ChangeLogCompaction), cancellationToken);

    private async Task ResyncAsync(string name, CancellationToken cancellationToken)
    {
        var loop = _loops.FirstOrDefault(l => l.Name == name)
            ?? throw new InvalidOperationException($"No control loop named '{name}' is registered; the timer function and the loop's Name must agree.");
        await _readiness.EnsureAsync(cancellationToken);

        // The runner logs and skips keys that fail; a failure to list the tenants fails this run, and the next tick retries.
        await _runner.ResyncAsync(loop, cancellationToken);
    }
}
