using Orchestrator.Agent.Logs;

namespace Orchestrator.Agent.Tests.Logs;

public sealed class DockerLogSourceTests
{
    [Fact]
    public void Parse_StdoutAndStderrWithNanosecondTimes_MergesThemInTimeOrder()
    {
        const string raw = "2026-11-25T00:00:01.000000001Z out one\n2026-11-25T00:00:03.500000000Z out two\n2026-11-25T00:00:02.250000000Z err one\n";

        var lines = DockerLogSource.Parse(raw);

        Assert.Equal(["out one", "err one", "out two"], lines.Select(l => l.Text));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 2, 250, TimeSpan.Zero), lines[1].Time);
    }

    [Fact]
    public void Parse_LineWithoutATime_IsKeptAsUntimedText()
    {
        var lines = DockerLogSource.Parse("not a time\n");

        Assert.Equal("not a time", Assert.Single(lines).Text);
        Assert.Null(lines[0].Time);
    }
}
