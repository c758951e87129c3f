using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Tests.Contract;
using static Orchestrator.Storage.Tests.Objects;

namespace Orchestrator.Storage.Tests;

/// <summary>The object store contract on SQLite, and what only a database file on disk can show.</summary>
public sealed class SqliteObjectStoreTests : ObjectStoreContract
{
    private readonly TestDatabase _database;

    public SqliteObjectStoreTests() => _database = new TestDatabase(Time);

    protected override IObjectStore Store => _database.Objects;

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reopen_SameFile_KeepsObjectsVersionsAndTheLog()
    {
        var start = await Store.GetPositionAsync(Tenant, None);
        var created = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web"), Node("n1"))], None))[0]!;

        _database.Reopen();

        var got = await Store.GetAsync(created.Key, None);
        Assert.Equal(created.ResourceVersion, got!.ResourceVersion);
        Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items);
        Assert.Equal(created.ResourceVersion, Assert.Single((await Store.ReadChangesAsync(Tenant, start, 10, None)).Changes).Object.ResourceVersion);
        var next = (await Store.CommitAsync(Tenant, [Update(got, 2, Node("n1"))], None))[0]!;
        Assert.True(Position(next.ResourceVersion) > Position(created.ResourceVersion));
    }

    [Fact]
    public async Task Reopen_AfterEverythingWasCompacted_PositionsAreNeverUsedTwice()
    {
        var created = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web"))], None))[0]!;
        Time.Advance(TimeSpan.FromMinutes(10));
        await Store.CompactAsync(Tenant, Time.GetUtcNow(), None);

        _database.Reopen();
        var next = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "api"))], None))[0]!;

        Assert.True(Position(next.ResourceVersion) > Position(created.ResourceVersion));
    }

    [Fact]
    public async Task ReadChangesAsync_ManyWriters_OneOrderForTheWholeTenantAndEveryVersionAPosition()
    {
        var start = await Store.GetPositionAsync(Tenant, None);
        var committed = await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var versions = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                versions.Add(Position((await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", $"w{writer}-{i}"))], None))[0]!.ResourceVersion));
            }

            return versions;
        })));

        var positions = (await Store.ReadChangesAsync(Tenant, start, 100, None)).Changes.Select(c => Position(c.Object.ResourceVersion)).ToList();

        Assert.Equal(positions.Order(), positions);
        Assert.Equal(40, positions.Distinct().Count());
        Assert.All(committed, own => Assert.Equal(own.Order(), own));

        // On SQLite any version is also a position of the tenant's log: a reader can go on from an object it saw.
        var fromMiddle = await Store.ReadChangesAsync(Tenant, committed[0][4].ToString(System.Globalization.CultureInfo.InvariantCulture), 100, None);
        Assert.Equal(positions.Where(p => p > committed[0][4]), fromMiddle.Changes.Select(c => Position(c.Object.ResourceVersion)));
    }

    [Fact]
    public async Task ReadChangesAsync_PositionBeyondTheNewest_Expired()
    {
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"))], None);
        var head = Position(await Store.GetPositionAsync(Tenant, None));

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.ReadChangesAsync(Tenant, (head + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), 10, None));

        Assert.Equal(StoreFailure.Expired, ex.Failure);
    }

    [Fact]
    public void Open_DatabaseOfANewerSchema_IsRefusedAndLeftAlone()
    {
        using (var command = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.Path};Pooling=False"))
        {
            command.Open();
            using var stamp = command.CreateCommand();
            stamp.CommandText = "PRAGMA user_version = 99";
            stamp.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InvalidOperationException>(_database.Reopen);

        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
    }
}
