namespace Orchestrator.Functions.Storage;

/// <summary>
/// Creates the store's tables once per process, before the first function that needs them runs. A failed attempt
/// is forgotten, so the next invocation tries again instead of the worker failing to start.
/// </summary>
public sealed class StoreReadiness
{
    private readonly Func<CancellationToken, Task> _createTables;
    private readonly Lock _gate = new();
    private Task? _creation;

    /// <summary>Wraps an idempotent table creation, such as <c>TableStorageInitializer.CreateTablesAsync</c>.</summary>
    public StoreReadiness(Func<CancellationToken, Task> createTables)
    {
        ArgumentNullException.ThrowIfNull(createTables);
        _createTables = createTables;
    }

    /// <summary>Completes once the tables exist; concurrent callers share one attempt.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                // Not the caller's token: one caller giving up must not fail the attempt the others wait for.
                _creation = _createTables(CancellationToken.None);
            }

            creation = _creation;
        }

        return creation.WaitAsync(cancellationToken);
    }
}
