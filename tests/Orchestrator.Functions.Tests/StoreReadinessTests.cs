using Orchestrator.Functions.Storage;

namespace Orchestrator.Functions.Tests;

public sealed class StoreReadinessTests
{
    [Fact]
    public async Task EnsureAsync_ManyCallers_CreateTheTablesOnce()
    {
        var attempts = 0;
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readiness = new StoreReadiness(_ =>
        {
            Interlocked.Increment(ref attempts);
            return created.Task;
        });

        var callers = Enumerable.Range(0, 8).Select(_ => readiness.EnsureAsync(CancellationToken.None)).ToList();
        created.SetResult();
        await Task.WhenAll(callers);
        await readiness.EnsureAsync(CancellationToken.None);

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task EnsureAsync_AfterAFailure_TriesAgain()
    {
        var attempts = 0;
        var readiness = new StoreReadiness(_ =>
            ++attempts == 1 ? Task.FromException(new InvalidOperationException("storage unreachable")) : Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => readiness.EnsureAsync(CancellationToken.None));
        await readiness.EnsureAsync(CancellationToken.None);
        await readiness.EnsureAsync(CancellationToken.None);

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task EnsureAsync_OneCallerGivesUp_TheAttemptGoesOnForTheOthers()
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readiness = new StoreReadiness(_ => created.Task);
        using var impatient = new CancellationTokenSource();

        var abandoned = readiness.EnsureAsync(impatient.Token);
        var patient = readiness.EnsureAsync(CancellationToken.None);
        await impatient.CancelAsync();
        created.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await patient;
    }
}
