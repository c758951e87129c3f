namespace Orchestrator.Agent.Tests.Support;

/// <summary>Polls a condition in real time, for things other threads or processes do.</summary>
internal static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(condition, () => because, timeout);

    /// <summary>As above, with the failure message built only on failure (so it can include output gathered meanwhile).</summary>
    public static async Task TrueAsync(Func<bool> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + because());
            }

            await Task.Delay(10);
        }
    }
}
