using Orchestrator.Agent.Api;

namespace Orchestrator.Agent.Hosting;

/// <summary>
/// How long a loop waits after consecutive failures: doubling from <c>initial</c> to <c>max</c>. A rejected node
/// credential (401/403) waits longer, because retrying quickly cannot fix it and would only flood the server.
/// </summary>
internal sealed class RetryBackoff
{
    public static readonly TimeSpan CredentialRejectedInitial = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan CredentialRejectedMax = TimeSpan.FromMinutes(5);

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private int _failures;

    public RetryBackoff(TimeSpan initial, TimeSpan max)
    {
        if (initial <= TimeSpan.Zero || max < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), "The initial delay must be positive and at most the maximum.");
        }

        _initial = initial;
        _max = max;
    }

    public int Failures => _failures;

    public void Reset() => _failures = 0;

    public TimeSpan Next(Exception failure)
    {
        _failures++;
        return failure is NodeApiException { IsCredentialRejected: true }
            ? Doubling(CredentialRejectedInitial, CredentialRejectedMax, _failures)
            : Doubling(_initial, _max, _failures);
    }

    /// <summary><paramref name="initial"/> × 2^(attempt−1), capped at <paramref name="max"/>.</summary>
    public static TimeSpan Doubling(TimeSpan initial, TimeSpan max, int attempt)
    {
        var delay = initial;
        for (var i = 1; i < attempt && delay < max; i++)
        {
            delay += delay;
        }

        return delay < max ? delay : max;
    }
}
