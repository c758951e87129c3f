using System.Collections.Concurrent;
using Orchestrator.Agent.Probes;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Probes;

/// <summary>A probe runner whose answers a test sets per probe, recording every attempt with the fake clock's time.</summary>
internal sealed class ScriptedProbeRunner : IProbeRunner
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Probe, bool> _answers = new();
    private readonly ConcurrentQueue<(Probe Probe, DateTimeOffset At, string Host)> _attempts = new();

    public ScriptedProbeRunner(TimeProvider time)
    {
        _time = time;
    }

    public void Answer(Probe probe, bool success) => _answers[probe] = success;

    public IReadOnlyList<string> Hosts(Probe probe) =>
        _attempts.Where(attempt => ReferenceEquals(attempt.Probe, probe)).Select(attempt => attempt.Host).ToList();

    public int Attempts(Probe probe) => _attempts.Count(attempt => ReferenceEquals(attempt.Probe, probe));

    public IReadOnlyList<DateTimeOffset> AttemptTimes(Probe probe) =>
        _attempts.Where(attempt => ReferenceEquals(attempt.Probe, probe)).Select(attempt => attempt.At).ToList();

    public Task<ProbeOutcome> RunAsync(Probe probe, ProbeTarget target, CancellationToken cancellationToken)
    {
        _attempts.Enqueue((probe, _time.GetUtcNow(), target.Host));
        var success = _answers.GetValueOrDefault(probe, false);
        return Task.FromResult(success ? ProbeOutcome.Succeeded("ok") : ProbeOutcome.Failed("scripted failure"));
    }
}
