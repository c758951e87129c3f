using Orchestrator.Agent.Logs;

namespace Orchestrator.Agent.Tests.Logs;

public sealed class LogSelectionTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly LogLine[] Timed =
    [
        new(Now.AddSeconds(-300), "old"),
        new(Now.AddSeconds(-90), "recent"),
        new(Now.AddSeconds(-10).AddTicks(1234567), "newest"),
    ];

    [Fact]
    public void Apply_NoOptions_ReturnsEveryLineWithNewlines()
    {
        Assert.Equal("old\nrecent\nnewest\n", LogSelection.Apply(Timed, Query(), Now, null));
    }

    [Fact]
    public void Apply_TailLines_ReturnsOnlyTheLastLines()
    {
        Assert.Equal("recent\nnewest\n", LogSelection.Apply(Timed, Query(tailLines: 2), Now, null));
        Assert.Equal("", LogSelection.Apply(Timed, Query(tailLines: 0), Now, null));
        Assert.Equal("old\nrecent\nnewest\n", LogSelection.Apply(Timed, Query(tailLines: 50), Now, null));
    }

    [Fact]
    public void Apply_SinceSeconds_DropsLinesOlderThanTheWindow()
    {
        Assert.Equal("recent\nnewest\n", LogSelection.Apply(Timed, Query(sinceSeconds: 120), Now, null));
    }

    [Fact]
    public void Apply_SinceSecondsThenTail_AppliesTheWindowFirst()
    {
        Assert.Equal("newest\n", LogSelection.Apply(Timed, Query(sinceSeconds: 120, tailLines: 1), Now, null));
    }

    [Fact]
    public void Apply_Timestamps_PrefixesRfc3339NanoTimes()
    {
        var text = LogSelection.Apply(Timed, Query(tailLines: 1, timestamps: true), Now, null);

        Assert.Equal("2025-01-01T11:59:50.123456700Z newest\n", text);
    }

    [Fact]
    public void Apply_UntimedLinesAndLogUnchangedInWindow_ReturnsNothing()
    {
        var lines = LogSelection.SplitUntimed("a\nb\n");

        Assert.Equal("", LogSelection.Apply(lines, Query(sinceSeconds: 60), Now, Now.AddMinutes(-5)));
        Assert.Equal("a\nb\n", LogSelection.Apply(lines, Query(sinceSeconds: 600), Now, Now.AddMinutes(-5)));
    }

    [Fact]
    public void SplitUntimed_LastLineWithoutNewline_IsALine()
    {
        Assert.Equal(["a", "", "b"], LogSelection.SplitUntimed("a\n\nb").Select(line => line.Text));
        Assert.Empty(LogSelection.SplitUntimed(""));
    }

    private static LogQuery Query(long? tailLines = null, long? sinceSeconds = null, bool timestamps = false, bool previous = false) =>
        new("web", "uid-1", "app", tailLines, sinceSeconds, timestamps, previous);
}
