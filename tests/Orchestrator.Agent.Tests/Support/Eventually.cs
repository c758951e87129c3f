namespace Orchestrator.Agent.Tests.Support;

/// <summary>Polls a condition in real time, for things other threads or processes do.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + because);
            }

            await Task.Delay(10);
        }
    }
}
