namespace Orchestrator.EndToEnd.Tests;

/// <summary>Polls until a condition holds, as a user would refresh; fails with the last observation after the timeout.</summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(string what, Func<Task<T?>> observe, Func<T?, bool> holds, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        T? last = default;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await observe();
                if (holds(last))
                {
                    return last!;
                }

                lastError = null;
            }
            catch (HttpRequestException e)
            {
                lastError = e;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{what} did not happen in time. Last seen: {last}{(lastError is null ? "" : $"; last error: {lastError.Message}")}{(diagnostics is null ? "" : "\n" + diagnostics())}");
    }
}
