using System.Collections.Concurrent;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.Core.Channels;

namespace Orchestrator.Testing.Fakes;

/// <summary>The blob exchange in memory: answers appear when a test puts them, and are taken once.</summary>
public sealed class InMemoryLogExchange : ILogExchange
{
    private readonly ConcurrentDictionary<string, LogAnswer> _answers = new();

    public ConcurrentDictionary<string, LogAnswer> Pending => _answers;

    public ConcurrentBag<string> Deleted { get; } = [];

    public void Answer(LogRequest request, LogAnswer answer) => _answers[$"{request.Tenant}/{request.RequestId}"] = answer;

    public Task<LogUpload> CreateUploadAsync(string tenant, string nodeName, string requestId, TimeSpan lifetime, CancellationToken cancellationToken) =>
        Task.FromResult(new LogUpload(new Uri($"http://blob.test/logs/{tenant}/{requestId}?sig=write-only"), DateTimeOffset.UtcNow + lifetime));

    public Task<LogAnswer?> TryTakeAsync(string tenant, string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.TryRemove($"{tenant}/{requestId}", out var answer) ? answer : null);

    public Task DeleteAsync(string tenant, string requestId, CancellationToken cancellationToken)
    {
        Deleted.Add($"{tenant}/{requestId}");
        _answers.TryRemove($"{tenant}/{requestId}", out _);
        return Task.CompletedTask;
    }
}
