using Orchestrator.Agent.Services;
using Orchestrator.Agent.Tests.Support;
using static Orchestrator.Agent.Tests.Services.TestServices;

namespace Orchestrator.Agent.Tests.Services;

public sealed class HostsFileBlockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string HostsPath => Path.Combine(_directory.Path, "hosts");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Lines_Services_FullNamesForAllAndBareNamesForDefault()
    {
        var lines = HostsFileBlock.Lines([Service("web", "127.96.0.10", Port(80)), Service("api", "shop", "127.96.0.11", Port(80))]);

        Assert.Equal(
            [
                HostsFileBlock.Begin,
                "127.96.0.10 web web.default web.default.svc.cluster.local",
                "127.96.0.11 api.shop api.shop.svc.cluster.local",
                HostsFileBlock.End,
            ],
            lines);
    }

    [Fact]
    public void Apply_ExistingFile_AppendsTheBlockAndKeepsEveryOtherLine()
    {
        File.WriteAllText(HostsPath, "127.0.0.1 localhost\n# a comment\n10.0.0.2 printer\n");

        var written = HostsFileBlock.Apply(HostsPath, HostsFileBlock.Lines([Service("web", "127.96.0.10", Port(80))]));

        Assert.True(written);
        Assert.Equal(
            "127.0.0.1 localhost\n# a comment\n10.0.0.2 printer\n" +
            HostsFileBlock.Begin + "\n127.96.0.10 web web.default web.default.svc.cluster.local\n" + HostsFileBlock.End + "\n",
            File.ReadAllText(HostsPath));
    }

    [Fact]
    public void Apply_BlockChanged_ReplacesItInPlaceKeepingLinesAroundAndTheSameFile()
    {
        File.WriteAllText(HostsPath, "127.0.0.1 localhost\n");
        HostsFileBlock.Apply(HostsPath, HostsFileBlock.Lines([Service("web", "127.96.0.10", Port(80))]));
        File.AppendAllText(HostsPath, "10.0.0.3 added-later\n");
        // A handle opened before sees the new text only if the file is rewritten in place; a rename would leave it on
        // the old file, as it would leave a bind mount.
        using var held = new FileStream(HostsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        HostsFileBlock.Apply(HostsPath, HostsFileBlock.Lines([Service("api", "127.96.0.12", Port(80))]));

        var expected = "127.0.0.1 localhost\n" + HostsFileBlock.Begin + "\n127.96.0.12 api api.default api.default.svc.cluster.local\n" + HostsFileBlock.End + "\n10.0.0.3 added-later\n";
        Assert.Equal(expected, File.ReadAllText(HostsPath));
        using var reader = new StreamReader(held);
        Assert.Equal(expected, reader.ReadToEnd());
    }

    [Fact]
    public void Apply_BlockUnchanged_DoesNotWrite()
    {
        File.WriteAllText(HostsPath, "127.0.0.1 localhost\n");
        var block = HostsFileBlock.Lines([Service("web", "127.96.0.10", Port(80))]);
        HostsFileBlock.Apply(HostsPath, block);
        var before = File.GetLastWriteTimeUtc(HostsPath);
        File.SetLastWriteTimeUtc(HostsPath, before.AddHours(-1));

        var written = HostsFileBlock.Apply(HostsPath, block);

        Assert.False(written);
        Assert.Equal(before.AddHours(-1), File.GetLastWriteTimeUtc(HostsPath));
    }

    [Fact]
    public void Apply_NoServices_LeavesAnEmptyBlock()
    {
        File.WriteAllText(HostsPath, "127.0.0.1 localhost\n");
        HostsFileBlock.Apply(HostsPath, HostsFileBlock.Lines([Service("web", "127.96.0.10", Port(80))]));

        HostsFileBlock.Apply(HostsPath, HostsFileBlock.Lines([]));

        Assert.Equal("127.0.0.1 localhost\n" + HostsFileBlock.Begin + "\n" + HostsFileBlock.End + "\n", File.ReadAllText(HostsPath));
    }
}
