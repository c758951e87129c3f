using Orchestrator.ControlPlane.Store;
using Orchestrator.Testing;
using static Orchestrator.Storage.Tests.Objects;

namespace Orchestrator.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TableObjectStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private static readonly CancellationToken None = CancellationToken.None;

    private TestTables _tables = null!;

    private TableObjectStore Store => _tables.Objects;

    public async Task InitializeAsync() => _tables = await TestTables.CreateAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CommitAsync_Create_GetAndListReturnTheObject()
    {
        var key = Pod(Tenant, "default", "web-1");

        var results = await Store.CommitAsync(Tenant, [Create(key, Node("n1"), new IndexEntry("owner", "rs-1"))], None);

        var created = Assert.IsType<StoredObject>(Assert.Single(results));
        Assert.Equal(key, created.Key);
        Assert.NotEmpty(created.ResourceVersion);
        Assert.Equal([Node("n1"), new IndexEntry("owner", "rs-1")], created.Indexes);

        var got = await Store.GetAsync(key, None);
        Assert.NotNull(got);
        Assert.Equal(Json("web-1"), got.Json);
        Assert.Equal(created.ResourceVersion, got.ResourceVersion);
        Assert.Equal(created.Indexes, got.Indexes);

        var listed = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods"), None)).Items);
        Assert.Equal(key, listed.Key);
        Assert.Equal(created.ResourceVersion, listed.ResourceVersion);

        var byIndex = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items);
        Assert.Equal(key, byIndex.Key);
        Assert.Equal(Json("web-1"), byIndex.Json);
        Assert.Equal(created.Indexes, byIndex.Indexes);
    }

    [Fact]
    public async Task CommitAsync_UpdateWithVersionReadThroughIndex_Succeeds()
    {
        var key = Pod(Tenant, "default", "web-1");
        await Store.CommitAsync(Tenant, [Create(key, Node("n1"), new IndexEntry("owner", "rs-1"))], None);
        var listed = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items);

        var updated = (await Store.CommitAsync(Tenant, [Update(listed, 2, Node("n1"), new IndexEntry("owner", "rs-1"))], None))[0]!;

        var got = await Store.GetAsync(key, None);
        Assert.Equal(Json("web-1", 2), got!.Json);
        Assert.Equal(updated.ResourceVersion, got.ResourceVersion);
    }

    [Fact]
    public async Task CommitAsync_StaleVersionReadThroughIndex_ThrowsConflictAndWritesNothing()
    {
        var key = Pod(Tenant, "default", "web-1");
        await Store.CommitAsync(Tenant, [Create(key, Node("n1"))], None);
        var listed = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items);
        var current = await Store.GetAsync(key, None);
        await Store.CommitAsync(Tenant, [Update(current!, 2, Node("n1"))], None);
        var before = await _tables.RawRowsAsync(Tenant);

        var keep = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(listed, 3, Node("n1"))], None));
        var move = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(listed, 3, Node("n2"))], None));
        var delete = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [new StoreOperation.Delete(listed)], None));

        Assert.All([keep, move, delete], ex => Assert.Equal(StoreFailure.Conflict, ex.Failure));
        var after = await _tables.RawRowsAsync(Tenant);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, row => Assert.Equal(row.Value.ETag, after[row.Key].ETag));
    }

    [Fact]
    public async Task CommitAsync_DeleteWithVersionReadThroughIndex_RemovesAllRows()
    {
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web-1"), Node("n1"), new IndexEntry("owner", "rs-1"))], None);
        var listed = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: new IndexEntry("owner", "rs-1")), None)).Items);

        await Store.CommitAsync(Tenant, [new StoreOperation.Delete(listed)], None);

        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_ForeignResourceVersion_ThrowsConflict()
    {
        var created = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web-1"))], None))[0]!;

        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [Update(created with { ResourceVersion = "12345" }, 2)], None));

        Assert.Equal(StoreFailure.Conflict, ex.Failure);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Pod(Tenant, "default", "nope"), None));
    }

    [Fact]
    public async Task CommitAsync_CreateTwice_ThrowsAlreadyExists()
    {
        var key = Pod(Tenant, "default", "web-1");
        await Store.CommitAsync(Tenant, [Create(key)], None);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Create(key)], None));

        Assert.Equal(StoreFailure.AlreadyExists, ex.Failure);
        Assert.Equal(key, ex.Key);
    }

    [Fact]
    public async Task CommitAsync_UpdateWithStaleVersion_ThrowsConflictAndWritesNothing()
    {
        var key = Pod(Tenant, "default", "web-1");
        var v1 = (await Store.CommitAsync(Tenant, [Create(key, Node("n1"))], None))[0]!;
        var v2 = (await Store.CommitAsync(Tenant, [Update(v1, 2, Node("n1"))], None))[0]!;
        Assert.NotEqual(v1.ResourceVersion, v2.ResourceVersion);
        var before = await _tables.RawRowsAsync(Tenant);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(v1, 3, Node("n2"))], None));

        Assert.Equal(StoreFailure.Conflict, ex.Failure);
        Assert.Equal(key, ex.Key);
        var after = await _tables.RawRowsAsync(Tenant);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, row => Assert.Equal(row.Value.ETag, after[row.Key].ETag));
        var current = await Store.GetAsync(key, None);
        Assert.Equal(v2.ResourceVersion, current!.ResourceVersion);
        Assert.Equal(Json("web-1", 2), current.Json);
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n2")), None)).Items);
    }

    [Fact]
    public async Task CommitAsync_DeleteWithStaleVersion_ThrowsConflict()
    {
        var v1 = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web-1"))], None))[0]!;
        await Store.CommitAsync(Tenant, [Update(v1, 2)], None);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], None));

        Assert.Equal(StoreFailure.Conflict, ex.Failure);
        Assert.NotNull(await Store.GetAsync(v1.Key, None));
    }

    [Fact]
    public async Task CommitAsync_UpdateOfDeletedObject_ThrowsNotFound()
    {
        var v1 = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web-1"))], None))[0]!;
        await Store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], None);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(v1, 2)], None));

        Assert.Equal(StoreFailure.NotFound, ex.Failure);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_UpdateChangesIndexValue_MovesTheIndexRow()
    {
        var key = Pod(Tenant, "default", "web-1");
        var v1 = (await Store.CommitAsync(Tenant, [Create(key, Node(""), new IndexEntry("owner", "rs-1"))], None))[0]!;

        var v2 = (await Store.CommitAsync(Tenant, [Update(v1, 2, Node("n2"), new IndexEntry("owner", "rs-1"))], None))[0]!;

        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("")), None)).Items);
        var moved = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n2")), None)).Items);
        Assert.Equal(Json("web-1", 2), moved.Json);
        Assert.Equal(v2.Indexes, moved.Indexes);
        var kept = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: new IndexEntry("owner", "rs-1")), None)).Items);
        Assert.Equal(Json("web-1", 2), kept.Json);
        Assert.Equal(
            ["i~node~n2~pods~default~web-1", "i~owner~rs-1~pods~default~web-1", "o~pods~default~web-1"],
            (await _tables.RawRowsAsync(Tenant)).Keys);

        // The version listed through the index is good for the next update.
        await Store.CommitAsync(Tenant, [Update(moved, 3, Node("n3"))], None);
        Assert.Equal(
            ["i~node~n3~pods~default~web-1", "o~pods~default~web-1"],
            (await _tables.RawRowsAsync(Tenant)).Keys);
    }

    [Fact]
    public async Task CommitAsync_Delete_RemovesPrimaryAndIndexRows()
    {
        var v1 = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web-1"), Node("n1"), new IndexEntry("owner", "x"))], None))[0]!;
        Assert.Equal(3, (await _tables.RawRowsAsync(Tenant)).Count);

        var results = await Store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], None);

        Assert.Null(Assert.Single(results));
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
        Assert.Null(await Store.GetAsync(v1.Key, None));
    }

    [Fact]
    public async Task CommitAsync_OneOperationFails_WritesNone()
    {
        var taken = Pod(Tenant, "default", "taken");
        await Store.CommitAsync(Tenant, [Create(taken)], None);
        var before = await _tables.RawRowsAsync(Tenant);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(
            Tenant,
            [Create(Pod(Tenant, "default", "a"), Node("n1")), Create(Pod(Tenant, "default", "b"), Node("n1")), Create(taken), Create(Pod(Tenant, "default", "c"))],
            None));

        Assert.Equal(StoreFailure.AlreadyExists, ex.Failure);
        Assert.Equal(taken, ex.Key);
        Assert.Equal(before.Keys, (await _tables.RawRowsAsync(Tenant)).Keys);
    }

    [Fact]
    public async Task CommitAsync_MixedOperations_AppliesAllAndReturnsInOrder()
    {
        var a = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"))], None))[0]!;
        var b = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "b"))], None))[0]!;

        var results = await Store.CommitAsync(Tenant, [Update(a, 2), new StoreOperation.Delete(b), Create(Pod(Tenant, "default", "c"))], None);

        Assert.Equal(3, results.Count);
        Assert.Equal(Json("a", 2), results[0]!.Json);
        Assert.Null(results[1]);
        Assert.Equal("c", results[2]!.Key.Name);
        var names = (await Store.ListAsync(new ObjectListQuery(Tenant, "pods"), None)).Items.Select(o => o.Key.Name);
        Assert.Equal(["a", "c"], names);
        Assert.Equal(results[0]!.ResourceVersion, (await Store.GetAsync(a.Key, None))!.ResourceVersion);
    }

    [Fact]
    public async Task ListAsync_IndexWithNamespace_ReturnsOnlyThatNamespace()
    {
        await Store.CommitAsync(
            Tenant,
            [
                Create(Pod(Tenant, "ns1", "a"), Node("n1")),
                Create(Pod(Tenant, "ns1", "b"), Node("n2")),
                Create(Pod(Tenant, "ns2", "c"), Node("n1")),
                Create(Pod(Tenant, "ns10", "d"), Node("n1")),
                Create(new ObjectKey(Tenant, "services", "ns1", "e"), Node("n1")),
            ],
            None);

        var inNs1 = await Store.ListAsync(new ObjectListQuery(Tenant, "pods", "ns1", Node("n1")), None);
        var all = await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None);
        var primaryNs1 = await Store.ListAsync(new ObjectListQuery(Tenant, "pods", "ns1"), None);

        Assert.Equal(["a"], inNs1.Items.Select(o => o.Key.Name));
        Assert.Null(inNs1.Continue);
        Assert.Equal(["a", "c", "d"], all.Items.Select(o => o.Key.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], primaryNs1.Items.Select(o => o.Key.Name));
    }

    [Theory]
    [InlineData(7, null)]
    [InlineData(5, null)]
    [InlineData(1, null)]
    [InlineData(7, "n1")]
    public async Task ListAsync_PagedWithLimit_VisitsEveryItemExactlyOnce(int limit, string? node)
    {
        var index = node is null ? null : Node(node);
        var expected = Enumerable.Range(0, 25).Select(i => $"pod-{i:D2}").ToList();
        await Store.CommitAsync(Tenant, [.. expected.Select(n => Create(Pod(Tenant, "default", n), Node("n1")))], None);
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "other", "x"), Node("n1")), Create(Pod(Tenant, "default", "y"), Node("n2"))], None);
        if (node is null)
        {
            expected.Add("x");
            expected.Add("y");
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.ListAsync(new ObjectListQuery(Tenant, "pods", node is null ? null : "default", index, limit, token), None);
            Assert.InRange(page.Items.Count, 1, limit);
            seen.AddRange(page.Items.Select(o => o.Key.Name));
            token = page.Continue;
            pages++;
        }
        while (token is not null);

        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal((expected.Count + limit - 1) / limit, pages);
    }

    [Fact]
    public async Task ListAsync_ContinueOfAnotherList_Throws()
    {
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "a", "1")), Create(Pod(Tenant, "a", "2"))], None);
        var page = await Store.ListAsync(new ObjectListQuery(Tenant, "pods", "a", Limit: 1), None);
        Assert.NotNull(page.Continue);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(new ObjectListQuery(Tenant, "services", Continue: page.Continue), None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(new ObjectListQuery(Tenant, "pods", Continue: "!!"), None));
    }

    [Fact]
    public async Task ListAsync_CraftedNames_NeverCrossTenantResourceOrNamespace()
    {
        await Store.CommitAsync("a", [Create(Pod("a", "ns", "mine"), Node("n"))], None);
        string[] crafty = ["~", "%7E", "mine~", "a~o~pods~ns~mine", "%", "%25", "ns~mine", "\u007f"];
        foreach (var tenant in new[] { "b", "a~", "a%7E", "a~o", "a\u007f", "A" })
        {
            await Store.CommitAsync(tenant, [.. crafty.Select(n => Create(Pod(tenant, "ns", n), Node("n")))], None);
        }

        await Store.CommitAsync("a", [.. crafty.Select(n => Create(Pod("a", "ns~x", n), Node("n")))], None);
        await Store.CommitAsync("a", [.. crafty.Select(n => Create(new ObjectKey("a", "pods~ns", "ns", n), Node("n")))], None);
        await Store.CommitAsync("a", [.. crafty.Select(n => Create(Pod("a", "ns", "x" + n), new IndexEntry("node", "n~")))], None);

        var inNs = await Store.ListAsync(new ObjectListQuery("a", "pods", "ns"), None);
        var byIndex = await Store.ListAsync(new ObjectListQuery("a", "pods", Index: Node("n")), None);
        var byIndexInNs = await Store.ListAsync(new ObjectListQuery("a", "pods", "ns", Node("n")), None);

        Assert.Equal(["mine", .. crafty.Select(n => "x" + n).Order(StringComparer.Ordinal)], inNs.Items.Select(o => o.Key.Name).Order(StringComparer.Ordinal));
        Assert.All(inNs.Items, o => Assert.Equal(Pod("a", "ns", o.Key.Name), o.Key));
        Assert.Equal(["ns", .. Enumerable.Repeat("ns~x", crafty.Length)], byIndex.Items.Select(o => o.Key.Namespace).Order(StringComparer.Ordinal));
        Assert.All(byIndex.Items, o => Assert.Equal("a", o.Key.Tenant));
        Assert.Equal("mine", Assert.Single(byIndexInNs.Items).Key.Name);
        Assert.Null(await Store.GetAsync(Pod("b", "ns", "mine"), None));
        Assert.Equal("a", (await Store.GetAsync(Pod("a", "ns", "mine"), None))!.Key.Tenant);
    }

    [Fact]
    public async Task CommitAsync_NamesWithForbiddenKeyCharacters_RoundTrip()
    {
        string[] names = ["a/b", "a#b", "a?b", "a\\b", "a~b", "a%b", "%2F", "tab\there", "nul\0", "del\u007f", "c1\u0085", "é ü 日本", "🙂", "lone\ud800", "'quote'", "trailing "];
        var created = await Store.CommitAsync(Tenant, [.. names.Select(n => Create(Pod(Tenant, "ns/#?\\~", n), new IndexEntry("weird/#?\\~", n)))], None);
        Assert.Equal(names.Length, created.Count);

        foreach (var name in names)
        {
            var key = Pod(Tenant, "ns/#?\\~", name);
            var got = await Store.GetAsync(key, None);
            Assert.NotNull(got);
            Assert.Equal(key, got.Key);
            var byIndex = Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: new IndexEntry("weird/#?\\~", name)), None)).Items);
            Assert.Equal(key, byIndex.Key);
            Assert.Equal([new IndexEntry("weird/#?\\~", name)], byIndex.Indexes);
        }

        var listed = await Store.ListAsync(new ObjectListQuery(Tenant, "pods", "ns/#?\\~"), None);
        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Items.Select(o => o.Key.Name).Order(StringComparer.Ordinal));
        Assert.All((await _tables.RawRowsAsync(Tenant)).Keys, rowKey => Assert.DoesNotContain(rowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)));
    }

    [Fact]
    public async Task CommitAsync_MoreThan100Rows_ThrowsTooLargeAndWritesNothing()
    {
        // 34 objects with two index entries each are 102 rows.
        var operations = Enumerable.Range(0, 34)
            .Select(i => (StoreOperation)Create(Pod(Tenant, "default", $"p{i}"), Node("n1"), new IndexEntry("owner", "rs")))
            .ToList();

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, operations, None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("102 rows", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
    }

    [Fact]
    public async Task CommitAsync_Exactly100Rows_Succeeds()
    {
        var operations = Enumerable.Range(0, 50)
            .Select(i => (StoreOperation)Create(Pod(Tenant, "default", $"p{i}"), Node("n1")))
            .ToList();

        var results = await Store.CommitAsync(Tenant, operations, None);

        Assert.Equal(50, results.Count);
        Assert.Equal(100, (await _tables.RawRowsAsync(Tenant)).Count);
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
    public async Task CommitAsync_TransactionOver4MiB_ThrowsTooLargeAndWritesNothing()
    {
        // Each index row is a full copy: three 700 KB objects with one index entry each send about 5.6 MB of base64.
        var operations = Enumerable.Range(0, 3)
            .Select(i => (StoreOperation)new StoreOperation.Create(Pod(Tenant, "default", $"p{i}"), RandomPayload(700 * 1000), [Node("n1")]))
            .ToList();

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, operations, None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Contains("4 MiB", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
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

    [Fact]
    public async Task CommitAsync_KeyOfAnotherTenant_ThrowsTooLargeAndWritesNothing()
    {
        var ex = await Assert.ThrowsAsync<StoreException>(() =>
            Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a")), Create(Pod("other", "default", "b"))], None));

        Assert.Equal(StoreFailure.TooLarge, ex.Failure);
        Assert.Equal(Pod("other", "default", "b"), ex.Key);
        Assert.Empty(await _tables.RawRowsAsync(Tenant));
        Assert.Empty(await _tables.RawRowsAsync("other"));
    }

    [Fact]
    public async Task CommitAsync_SameObjectTwice_ThrowsArgumentException()
    {
        var v1 = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"))], None))[0]!;

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.CommitAsync(Tenant, [new StoreOperation.Delete(v1), Create(v1.Key)], None));
    }

    [Fact]
    public async Task CommitAsync_NoOperations_ReturnsEmpty()
    {
        Assert.Empty(await Store.CommitAsync(Tenant, [], None));
    }

    private static byte[] RandomPayload(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
