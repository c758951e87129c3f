using Azure.Data.Tables;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Storage.Tests.Contract;
using Orchestrator.Testing;
using static Orchestrator.Storage.Tests.Objects;

namespace Orchestrator.Storage.Tests;

/// <summary>
/// The object store contract on Table Storage (Azurite), and what only the table shows: the rows a commit writes, the
/// limits Azure enforces (and Azurite does not), and commits from two processes to one partition.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableObjectStoreTests(AzuriteFixture azurite) : ObjectStoreContract
{
    private TestTables _tables = null!;

    protected override IObjectStore Store => _tables.Objects;

    public override async Task InitializeAsync() => _tables = await TestTables.CreateAsync(azurite, time: Time);

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CommitAsync_Create_WritesTheObjectItsIndexRowsTheSequenceAndOneLogRowInTheObjectsPartition()
    {
        var keys = SameGroup(2, "web-");
        var group = Store.CommitGroup(keys[0]);
        Assert.Matches("^g0[0-7]$", group);

        await Store.CommitAsync(Tenant, [Create(keys[0], Node("n1"), new IndexEntry("owner", "rs-1")), Create(keys[1])], None);

        var rows = await _tables.RawRowsAsync(Tenant);
        Assert.Equal(
            [
                $"{group}/c~0000000000000000002", $"{group}/i~node~n1~pods~default~{keys[0].Name}", $"{group}/i~owner~rs-1~pods~default~{keys[0].Name}",
                $"{group}/o~pods~default~{keys[0].Name}", $"{group}/o~pods~default~{keys[1].Name}", $"{group}/s",
            ],
            rows.Keys);
        Assert.Equal(2, rows[$"{group}/s"].GetInt64("Seq"));
        Assert.Equal(1, rows[$"{group}/c~0000000000000000002"].GetInt64("First"));
        Assert.Equal([1L, 1L, 1L, 2L], ObjectRows(rows).Values.Select(r => r.GetInt64("V")!.Value));
    }

    [Fact]
    public async Task CommitGroup_SpreadsObjectsAndKeepsServicesAndEventsApart()
    {
        var groups = Enumerable.Range(0, 400).Select(i => Store.CommitGroup(Pod(Tenant, "default", $"web-{i}"))).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"g{i:x2}").ToHashSet(), groups);
        Assert.Equal("h", Store.CommitGroup(new ObjectKey(Tenant, "services", "default", "web")));
        Assert.Equal("h", Store.CommitGroup(new ObjectKey(Tenant, "clusterips.orchestrator.internal", "", "10.0.0.1")));
        Assert.Matches("^e0[0-7]$", Store.CommitGroup(new ObjectKey(Tenant, "events", "default", "web.1")));
        Assert.Equal("g03", Store.CommitGroup(new ObjectKey(Tenant, "gcmarkers.orchestrator.internal", "g03", "uid")));
        Assert.Throws<ArgumentException>(() => Store.CommitGroup(new ObjectKey(Tenant, "gcmarkers.orchestrator.internal", "nowhere", "uid")));
    }

    [Fact]
    public async Task CommitAsync_OperationsOfTwoGroups_ThrowsAndWritesNothing()
    {
        var first = Pod(Tenant, "default", "a");
        var other = Enumerable.Range(0, 100).Select(i => Pod(Tenant, "default", $"b{i}")).First(k => Store.CommitGroup(k) != Store.CommitGroup(first));

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(Tenant, [Create(first), Create(other)], None));

        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task ReadChangesAsync_PositionBeyondAPartitionsNewest_Expired()
    {
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"))], None);
        var head = (await Store.GetPositionAsync(Tenant, None)).Split('.');
        var future = string.Join('.', head.Select((part, i) => i == 0 ? part : (long.Parse(part, System.Globalization.CultureInfo.InvariantCulture) + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.ReadChangesAsync(Tenant, future, 10, None));

        Assert.Equal(StoreFailure.Expired, ex.Failure);
    }

    [Fact]
    public async Task CommitAsync_UpdateChangesIndexValue_MovesTheIndexRow()
    {
        var key = Pod(Tenant, "default", "web-1");
        var group = Store.CommitGroup(key);
        var v1 = (await Store.CommitAsync(Tenant, [Create(key, Node(""), new IndexEntry("owner", "rs-1"))], None))[0]!;

        var v2 = (await Store.CommitAsync(Tenant, [Update(v1, 2, Node("n2"), new IndexEntry("owner", "rs-1"))], None))[0]!;

        Assert.Equal(
            [$"{group}/i~node~n2~pods~default~web-1", $"{group}/i~owner~rs-1~pods~default~web-1", $"{group}/o~pods~default~web-1"],
            ObjectRows(await _tables.RawRowsAsync(Tenant)).Keys);
        await Store.CommitAsync(Tenant, [new StoreOperation.Delete(v2)], None);
        Assert.Empty(ObjectRows(await _tables.RawRowsAsync(Tenant)));
    }

    [Fact]
    public async Task CommitAsync_Refused_LeavesEveryRowAsItWas()
    {
        var keys = SameGroup(2);
        var v1 = (await Store.CommitAsync(Tenant, [Create(keys[0], Node("n1"))], None))[0]!;
        await Store.CommitAsync(Tenant, [Update(v1, 2, Node("n1"))], None);
        var before = await _tables.RawRowsAsync(Tenant);

        await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(v1, 3, Node("n2")), Create(keys[1])], None));

        var after = await _tables.RawRowsAsync(Tenant);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, row => Assert.Equal(row.Value.ETag, after[row.Key].ETag));
    }

    [Fact]
    public async Task CommitAsync_NamesWithForbiddenKeyCharacters_NeverReachARowKey()
    {
        string[] names = ["a/b", "a#b", "a?b", "a\\b", "tab\there", "del\u007f", "c1\u0085"];

        await CommitByGroupAsync(Tenant, [.. names.Select(n => Create(Pod(Tenant, "ns/#?\\~", n), new IndexEntry("weird/#?\\~", n)))]);

        Assert.All((await _tables.RawRowsAsync(Tenant)).Values, row => Assert.DoesNotContain(row.RowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)));
    }

    [Fact]
    public async Task CommitAsync_SecondProcessCommittedMeanwhile_ReadsTheSequenceAgainAndBothAreLogged()
    {
        var other = _tables.SecondObjectStore(Time);
        var start = await Store.GetPositionAsync(Tenant, None);

        var keys = SameGroup(8);
        for (var i = 0; i < 4; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Store.CommitAsync(Tenant, [Create(keys[2 * i])], None);
            Time.Advance(TimeSpan.FromSeconds(1));
            await other.CommitAsync(Tenant, [Create(keys[(2 * i) + 1])], None);
        }

        var changes = (await Store.ReadChangesAsync(Tenant, start, 100, None)).Changes;
        Assert.Equal(keys.Select(k => k.Name), changes.Select(c => c.Object.Key.Name));
        Assert.Equal(Enumerable.Range(1, 8).Select(p => (long)p), changes.Select(c => Position(c.Object.ResourceVersion)));
    }

    [Fact]
    public async Task CommitAsync_MoreThan100RowsWithTheLog_ThrowsTooLargeAndWritesNothing()
    {
        // 33 objects with two index entries each are 99 rows, and the sequence and log rows make 101.
        var operations = SameGroup(33)
            .Select(key => (StoreOperation)Create(key, Node("n1"), new IndexEntry("owner", "rs")))
            .ToList();

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, operations, None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("101 rows", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_Exactly100RowsWithTheLog_Succeeds()
    {
        var operations = SameGroup(49)
            .Select(key => (StoreOperation)Create(key, Node("n1")))
            .ToList();

        var results = await Store.CommitAsync(Tenant, operations, None);

        Assert.Equal(49, results.Count);
        Assert.Equal(100, (await _tables.RawRowsAsync(Tenant)).Count);
    }

    [Fact]
    public async Task CommitAsync_TransactionOver4MiB_ThrowsTooLargeAndWritesNothing()
    {
        // Each index row is a full copy: a 700 KB object with five index entries sends six copies, about 5.6 MB of base64.
        var entries = Enumerable.Range(0, 5).Select(i => new IndexEntry("copy", $"{i}")).ToList();

        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [new StoreOperation.Create(Pod(Tenant, "default", "p"), RandomPayload(700 * 1000), entries)], None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("4 MiB", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_ChangesOver960KiBCompressed_ThrowsTooLargeAndWritesNothing()
    {
        // Two 700 KB objects fit their rows and the transaction, but not one change-log row.
        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(
            Tenant,
            [.. SameGroup(2).Select(key => new StoreOperation.Create(key, RandomPayload(700 * 1000), []))],
            None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("change-log row", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_CompressedJsonOver1MiB_ThrowsTooLargeAndWritesNothing()
    {
        var key = Pod(Tenant, "default", "huge");

        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [new StoreOperation.Create(key, RandomPayload(1024 * 1024 + 1), [])], None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Equal(key, ex.Key);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_CompressedJsonOver1MiBOnceBase64Encoded_ThrowsTooLargeAndWritesNothing()
    {
        // 800 KB of binary fits Azure's 1 MiB entity formula, but its base64 body does not (Azurite measures the body).
        var key = Pod(Tenant, "default", "big");

        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [new StoreOperation.Create(key, RandomPayload(800 * 1000), [])], None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("JSON", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_LargeIncompressibleJson_RoundTripsAcrossChunks()
    {
        var key = Pod(Tenant, "default", "big");
        var json = RandomPayload(700 * 1000);

        await Store.CommitAsync(Tenant, [new StoreOperation.Create(key, json, [Node("n1")])], None);

        Assert.Equal(json, (await Store.GetAsync(key, None))!.Json);
        Assert.Equal(json, Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items).Json);
    }

    [Fact]
    public async Task CommitAsync_KeyOver1KiB_ThrowsTooLarge()
    {
        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", new string('x', 500)))], None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_IndexEntriesOver64KiB_ThrowsTooLargeAndWritesNothing()
    {
        // Every row stores the object's index entries in one string property, limited to 32K UTF-16 units.
        var entries = Enumerable.Range(0, 80).Select(i => new IndexEntry("v", $"{i:D3}" + new string('x', 450))).ToArray();

        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"), entries)], None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("property Ix", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    private static SortedDictionary<string, TableEntity> ObjectRows(IReadOnlyDictionary<string, TableEntity> rows) =>
        new(rows.Where(r => r.Value.RowKey.StartsWith("o~", StringComparison.Ordinal) || r.Value.RowKey.StartsWith("i~", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);

    private static byte[] RandomPayload(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
