using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Logs;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Tests.Runtime;

namespace Orchestrator.Agent.Tests.Logs;

public sealed class ProcessLogSourceTests : IDisposable
{
    private readonly ProcessDriverFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task ReadAsync_ContainerRanTwice_CurrentHasTheLastRunAndPreviousTheOneBefore()
    {
        var driver = _fixture.NewDriver();
        var exited = new SemaphoreSlim(0);
        driver.ContainerExited += (_, _) => exited.Release();
        var spec = _fixture.Shell("app", "echo run-$RUN_MARK; echo second-line");

        await driver.StartAsync(ProcessDriverFixture.Launch(WithRun(spec, "one")), CancellationToken.None);
        Assert.True(await exited.WaitAsync(TimeSpan.FromSeconds(10)));
        await driver.StartAsync(ProcessDriverFixture.Launch(WithRun(spec, "two"), restartCount: 1), CancellationToken.None);
        Assert.True(await exited.WaitAsync(TimeSpan.FromSeconds(10)));

        var source = new ProcessLogSource(_fixture.Paths, _time);
        Assert.Equal(LogReadResult.Ok("run-two\nsecond-line\n"), await source.ReadAsync(Query(), CancellationToken.None));
        Assert.Equal(LogReadResult.Ok("run-one\nsecond-line\n"), await source.ReadAsync(Query(previous: true), CancellationToken.None));
        Assert.Equal(LogReadResult.Ok("second-line\n"), await source.ReadAsync(Query(tailLines: 1), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_RemovedContainer_ForgetsBothLogs()
    {
        var driver = _fixture.NewDriver();
        var exited = new SemaphoreSlim(0);
        driver.ContainerExited += (_, _) => exited.Release();
        var launch = ProcessDriverFixture.Launch(_fixture.Shell("app", "echo hi"));
        await driver.StartAsync(launch, CancellationToken.None);
        Assert.True(await exited.WaitAsync(TimeSpan.FromSeconds(10)));
        await driver.StartAsync(launch, CancellationToken.None);
        Assert.True(await exited.WaitAsync(TimeSpan.FromSeconds(10)));

        await driver.RemoveAsync(new ContainerKey("uid-1", "app"), CancellationToken.None);

        Assert.Null(await new ProcessLogSource(_fixture.Paths, _time).ReadAsync(Query(), CancellationToken.None));
        Assert.False(Directory.Exists(_fixture.Paths.PodLogDirectory("uid-1")));
    }

    [Fact]
    public async Task ReadAsync_PreviousOfFirstRun_AnswersNotFoundAsKubernetesDoes()
    {
        WriteLog("app", "only run\n");

        var result = await new ProcessLogSource(_fixture.Paths, _time).ReadAsync(Query(previous: true), CancellationToken.None);

        Assert.Equal(LogReadResult.Error("previous terminated container \"app\" in pod \"web\" not found"), result);
    }

    [Fact]
    public async Task ReadAsync_UnknownContainer_LeavesItToOtherRuntimes()
    {
        WriteLog("app", "x\n");

        Assert.Null(await new ProcessLogSource(_fixture.Paths, _time).ReadAsync(Query(container: "other"), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_SinceSecondsAndLogUnchangedSince_ReturnsNothing()
    {
        var path = WriteLog("app", "a\nb\n");
        File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime.AddMinutes(-10));
        var source = new ProcessLogSource(_fixture.Paths, _time);

        Assert.Equal(LogReadResult.Ok(""), await source.ReadAsync(Query(sinceSeconds: 60), CancellationToken.None));
        Assert.Equal(LogReadResult.Ok("a\nb\n"), await source.ReadAsync(Query(sinceSeconds: 3600), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_Timestamps_ReturnsTheLinesUnprefixedBecauseProcessLogsHaveNoTimes()
    {
        WriteLog("app", "a\n");

        Assert.Equal(LogReadResult.Ok("a\n"), await new ProcessLogSource(_fixture.Paths, _time).ReadAsync(Query(timestamps: true), CancellationToken.None));
    }

    private static Core.Objects.Container WithRun(Core.Objects.Container spec, string run)
    {
        spec.Env = [new Core.Objects.EnvVar { Name = "RUN_MARK", Value = run }];
        return spec;
    }

    private string WriteLog(string container, string text)
    {
        var path = _fixture.Paths.LogFile("uid-1", container);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static LogQuery Query(string container = "app", long? tailLines = null, long? sinceSeconds = null, bool timestamps = false, bool previous = false) =>
        new("web", "uid-1", container, tailLines, sinceSeconds, timestamps, previous);
}
