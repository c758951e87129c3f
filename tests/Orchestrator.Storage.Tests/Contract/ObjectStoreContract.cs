using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Store;
using static Orchestrator.Storage.Tests.Objects;

namespace Orchestrator.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, run against each store by a subclass: optimistic concurrency,
/// atomic commits, index lists and pages, and the change log (order, atomicity with the commit, compaction).
/// </summary>
public abstract class ObjectStoreContract : IAsyncLifetime
{
    protected const string Tenant = "acme";
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The clock the store stamps changes with.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));

    protected abstract IObjectStore Store { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

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
    public async Task Versions_OneVersionOfAnObject_HasOneResourceVersionEverywhere()
    {
        var key = Pod(Tenant, "default", "web-1");
        var start = await Store.GetPositionAsync(Tenant, None);
        var v1 = (await Store.CommitAsync(Tenant, [Create(key, Node("n1"), new IndexEntry("owner", "rs-1"))], None))[0]!;
        var v2 = (await Store.CommitAsync(Tenant, [Update(v1, 2, Node("n1"), new IndexEntry("owner", "rs-1"))], None))[0]!;

        string[] seen =
        [
            (await Store.GetAsync(key, None))!.ResourceVersion,
            Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods"), None)).Items).ResourceVersion,
            Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items).ResourceVersion,
            Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: new IndexEntry("owner", "rs-1")), None)).Items).ResourceVersion,
            (await Store.ReadChangesAsync(Tenant, start, 10, None)).Changes[^1].Object.ResourceVersion,
        ];

        Assert.All(seen, version => Assert.Equal(v2.ResourceVersion, version));
        Assert.NotEqual(v1.ResourceVersion, v2.ResourceVersion);
        Assert.True(Position(v2.ResourceVersion) > Position(v1.ResourceVersion), "versions grow");
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
        var current = (await Store.CommitAsync(Tenant, [Update((await Store.GetAsync(key, None))!, 2, Node("n1"))], None))[0]!;
        var position = await Store.GetPositionAsync(Tenant, None);

        var keep = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(listed, 3, Node("n1"))], None));
        var move = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(listed, 3, Node("n2"))], None));
        var delete = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [new StoreOperation.Delete(listed)], None));

        Assert.All([keep, move, delete], ex => Assert.Equal(StoreFailure.Conflict, ex.Failure));
        await AssertUnchangedAsync(position, current);
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n2")), None)).Items);
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
        var position = await Store.GetPositionAsync(Tenant, None);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Tenant, [Update(v1, 3, Node("n2"))], None));

        Assert.Equal(StoreFailure.Conflict, ex.Failure);
        Assert.Equal(key, ex.Key);
        await AssertUnchangedAsync(position, v2);
        Assert.Equal(Json("web-1", 2), (await Store.GetAsync(key, None))!.Json);
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
        Assert.Null(await Store.GetAsync(v1.Key, None));
    }

    [Fact]
    public async Task CommitAsync_UpdateChangesIndexValue_MovesTheObjectToTheNewEntry()
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

        // The version listed through the index is good for the next update, which drops an entry.
        await Store.CommitAsync(Tenant, [Update(moved, 3, Node("n3"))], None);
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: new IndexEntry("owner", "rs-1")), None)).Items);
        Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n3")), None)).Items);
    }

    [Fact]
    public async Task CommitAsync_Delete_RemovesTheObjectAndItsIndexEntries()
    {
        var v1 = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web-1"), Node("n1"), new IndexEntry("owner", "x"))], None))[0]!;

        var results = await Store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], None);

        Assert.Null(Assert.Single(results));
        Assert.Null(await Store.GetAsync(v1.Key, None));
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods"), None)).Items);
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items);
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: new IndexEntry("owner", "x")), None)).Items);
    }

    [Fact]
    public async Task CommitAsync_OneOperationFails_WritesNoneAndLogsNone()
    {
        var keys = SameGroup(4);
        var taken = keys[2];
        var existing = (await Store.CommitAsync(Tenant, [Create(taken)], None))[0]!;
        var position = await Store.GetPositionAsync(Tenant, None);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(
            Tenant,
            [Create(keys[0], Node("n1")), Create(keys[1], Node("n1")), Create(taken), Create(keys[3])],
            None));

        Assert.Equal(StoreFailure.AlreadyExists, ex.Failure);
        Assert.Equal(taken, ex.Key);
        await AssertUnchangedAsync(position, existing);
        Assert.Equal([taken.Name], (await Store.ListAsync(new ObjectListQuery(Tenant, "pods"), None)).Items.Select(o => o.Key.Name));
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items);
    }

    [Fact]
    public async Task CommitAsync_MixedOperations_AppliesAllAndReturnsInOrder()
    {
        var keys = SameGroup(3);
        var a = (await Store.CommitAsync(Tenant, [Create(keys[0])], None))[0]!;
        var b = (await Store.CommitAsync(Tenant, [Create(keys[1])], None))[0]!;

        var results = await Store.CommitAsync(Tenant, [Update(a, 2), new StoreOperation.Delete(b), Create(keys[2])], None);

        Assert.Equal(3, results.Count);
        Assert.Equal(Json(keys[0].Name, 2), results[0]!.Json);
        Assert.Null(results[1]);
        Assert.Equal(keys[2], results[2]!.Key);
        var names = (await Store.ListAsync(new ObjectListQuery(Tenant, "pods"), None)).Items.Select(o => o.Key.Name);
        Assert.Equal([keys[0].Name, keys[2].Name], names.Order(StringComparer.Ordinal));
        Assert.Equal(results[0]!.ResourceVersion, (await Store.GetAsync(a.Key, None))!.ResourceVersion);
    }

    [Fact]
    public async Task ListAsync_IndexWithNamespace_ReturnsOnlyThatNamespace()
    {
        await CommitByGroupAsync(
            Tenant,
            [
                Create(Pod(Tenant, "ns1", "a"), Node("n1")),
                Create(Pod(Tenant, "ns1", "b"), Node("n2")),
                Create(Pod(Tenant, "ns2", "c"), Node("n1")),
                Create(Pod(Tenant, "ns10", "d"), Node("n1")),
                Create(new ObjectKey(Tenant, "services", "ns1", "e"), Node("n1")),
            ]);

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
        await CommitByGroupAsync(Tenant, [.. expected.Select(n => Create(Pod(Tenant, "default", n), Node("n1")))]);
        await CommitByGroupAsync(Tenant, [Create(Pod(Tenant, "other", "x"), Node("n1")), Create(Pod(Tenant, "default", "y"), Node("n2"))]);
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
        await CommitByGroupAsync(Tenant, [Create(Pod(Tenant, "a", "1")), Create(Pod(Tenant, "a", "2"))]);
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
            await CommitByGroupAsync(tenant, [.. crafty.Select(n => Create(Pod(tenant, "ns", n), Node("n")))]);
        }

        await CommitByGroupAsync("a", [.. crafty.Select(n => Create(Pod("a", "ns~x", n), Node("n")))]);
        await CommitByGroupAsync("a", [.. crafty.Select(n => Create(new ObjectKey("a", "pods~ns", "ns", n), Node("n")))]);
        await CommitByGroupAsync("a", [.. crafty.Select(n => Create(Pod("a", "ns", "x" + n), new IndexEntry("node", "n~")))]);

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
    public async Task CommitAsync_NamesWithUnusualCharacters_RoundTrip()
    {
        string[] names = ["a/b", "a#b", "a?b", "a\\b", "a~b", "a%b", "%2F", "tab\there", "nul\0", "del\u007f", "c1\u0085", "é ü 日本", "🙂", "'quote'", "trailing "];
        await CommitByGroupAsync(Tenant, [.. names.Select(n => Create(Pod(Tenant, "ns/#?\\~", n), new IndexEntry("weird/#?\\~", n)))]);

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
    }

    [Fact]
    public async Task CommitAsync_LoneSurrogateInAKeyOrIndexEntry_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "lone\ud800"))], None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"), new IndexEntry("node", "\udc00x"))], None));
        Assert.Null(await Store.GetAsync(Pod(Tenant, "default", "a"), None));
    }

    [Fact]
    public async Task CommitAsync_KeyOfAnotherTenant_ThrowsAndWritesNothing()
    {
        var position = await Store.GetPositionAsync(Tenant, None);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a")), Create(Pod("other", "default", "b"))], None));

        Assert.Null(await Store.GetAsync(Pod(Tenant, "default", "a"), None));
        Assert.Null(await Store.GetAsync(Pod("other", "default", "b"), None));
        Assert.Empty((await Store.ReadChangesAsync(Tenant, position, 10, None)).Changes);
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

    [Fact]
    public async Task CommitAsync_AsManyOperationsAsTheBudget_FitsOneCommit()
    {
        var operations = new List<StoreOperation>();
        var cost = 0;
        foreach (var key in SameGroup(2000))
        {
            var next = Create(key, Node("n1"));
            if (cost + Store.CommitCost(next) > Store.MaxCommitCost)
            {
                break;
            }

            operations.Add(next);
            cost += Store.CommitCost(next);
        }

        var results = await Store.CommitAsync(Tenant, operations, None);

        Assert.Equal(operations.Count, results.Count);
        Assert.Equal(operations.Count, (await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), None)).Items.Count);
    }

    [Fact]
    public async Task ReadChangesAsync_AfterCommits_ReturnsWhatEachDidInOrderWithTheObjectsVersions()
    {
        var keys = SameGroup(2);
        var start = await Store.GetPositionAsync(Tenant, None);
        var a = (await Store.CommitAsync(Tenant, [Create(keys[0], Node("n1"))], None))[0]!;
        var (b, a2) = await Store.CommitAsync(Tenant, [Create(keys[1]), Update(a, 2, Node("n2"))], None) is [var first, var second] ? (first!, second!) : default;
        var other = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "elsewhere", "c"))], None))[0]!;
        await Store.CommitAsync(Tenant, [new StoreOperation.Delete(a2)], None);

        var page = await Store.ReadChangesAsync(Tenant, start, 100, None);

        Assert.False(page.HasMore);
        Assert.Equal(
            [(StoreChangeType.Added, a.ResourceVersion), (StoreChangeType.Modified, a2.ResourceVersion), (StoreChangeType.Deleted, null)],
            page.Changes.Where(c => c.Object.Key == a.Key).Select(c => (c.Type, c.Type == StoreChangeType.Deleted ? null : c.Object.ResourceVersion)));
        Assert.Equal([(StoreChangeType.Added, b.ResourceVersion)], page.Changes.Where(c => c.Object.Key == b.Key).Select(c => (c.Type, c.Object.ResourceVersion)));
        Assert.Equal([(StoreChangeType.Added, other.ResourceVersion)], page.Changes.Where(c => c.Object.Key == other.Key).Select(c => (c.Type, c.Object.ResourceVersion)));
        Assert.Equal(5, page.Changes.Count);
        var modified = page.Changes.Single(c => c.Type == StoreChangeType.Modified).Object;
        Assert.Equal(Json(keys[0].Name, 2), modified.Json);
        Assert.Equal([Node("n2")], modified.Indexes);

        // A deletion carries the last state, at a newer position; a commit's changes come in its order.
        var deleted = page.Changes.Single(c => c.Type == StoreChangeType.Deleted).Object;
        Assert.Equal(Json(keys[0].Name, 2), deleted.Json);
        Assert.Equal([Node("n2")], deleted.Indexes);
        Assert.True(Position(deleted.ResourceVersion) > Position(a2.ResourceVersion));
        Assert.True(Position(a2.ResourceVersion) == Position(b.ResourceVersion) + 1);
        Assert.Equal(await Store.GetPositionAsync(Tenant, None), page.Position);
        Assert.Empty((await Store.ReadChangesAsync(Tenant, page.Position, 100, None)).Changes);
    }

    [Fact]
    public async Task ReadChangesAsync_WithALimit_PagesThroughEveryChangeOnce()
    {
        var start = await Store.GetPositionAsync(Tenant, None);
        var keys = SameGroup(10);
        for (var i = 0; i < 5; i++)
        {
            await Store.CommitAsync(Tenant, [Create(keys[2 * i]), Create(keys[(2 * i) + 1])], None);
        }

        var names = new List<string>();
        var position = start;
        var pages = 0;
        ChangePage page;
        do
        {
            page = await Store.ReadChangesAsync(Tenant, position, 3, None);
            Assert.InRange(page.Changes.Count, 0, 3);
            names.AddRange(page.Changes.Select(c => c.Object.Key.Name));
            position = page.Position;
            pages++;
        }
        while (page.HasMore);

        Assert.Equal(keys.Select(k => k.Name), names);
        Assert.InRange(pages, 4, 5);
    }

    [Fact]
    public async Task ReadChangesAsync_OtherTenants_NeverShown()
    {
        var start = await Store.GetPositionAsync(Tenant, None);
        await Store.CommitAsync("other", [Create(Pod("other", "default", "theirs"))], None);
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "mine"))], None);
        await Store.CommitAsync("other", [Create(Pod("other", "default", "theirs-too"))], None);

        var page = await Store.ReadChangesAsync(Tenant, start, 100, None);

        Assert.Equal("mine", Assert.Single(page.Changes).Object.Key.Name);
        Assert.All(page.Changes, c => Assert.Equal(Tenant, c.Object.Key.Tenant));
    }

    [Fact]
    public async Task ReadChangesAsync_PositionNotOfThisStore_Expired()
    {
        await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"))], None);

        foreach (var position in new[] { "not-a-position", "-1", "" })
        {
            var ex = await Assert.ThrowsAsync<StoreException>(() => Store.ReadChangesAsync(Tenant, position, 10, None));
            Assert.Equal(StoreFailure.Expired, ex.Failure);
        }
    }

    [Fact]
    public async Task CompactAsync_ChangesOlderThanTheCutoff_GoAndReadsFromBeforeThemExpire()
    {
        var start = await Store.GetPositionAsync(Tenant, None);
        var old = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "old"))], None))[0]!;
        var oldAgain = (await Store.CommitAsync(Tenant, [Update(old, 2)], None))[0]!;
        var afterOld = await Store.GetPositionAsync(Tenant, None);
        Time.Advance(TimeSpan.FromMinutes(10));
        var fresh = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "fresh"))], None))[0]!;

        var removed = await Store.CompactAsync(Tenant, Time.GetUtcNow() - TimeSpan.FromMinutes(5), None);

        Assert.InRange(removed, 1, 2);
        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.ReadChangesAsync(Tenant, start, 10, None));
        Assert.Equal(StoreFailure.Expired, ex.Failure);
        var rest = await Store.ReadChangesAsync(Tenant, afterOld, 10, None);
        Assert.Equal([fresh.ResourceVersion], rest.Changes.Select(c => c.Object.ResourceVersion));

        // The objects stay; only their history goes.
        Assert.Equal(oldAgain.ResourceVersion, (await Store.GetAsync(old.Key, None))!.ResourceVersion);
        Assert.Equal(0, await Store.CompactAsync(Tenant, Time.GetUtcNow() - TimeSpan.FromMinutes(5), None));
    }

    [Fact]
    public async Task CompactAsync_EverythingOld_NextPositionsStillGrow()
    {
        var a = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "a"))], None))[0]!;
        Time.Advance(TimeSpan.FromMinutes(10));
        await Store.CompactAsync(Tenant, Time.GetUtcNow(), None);
        var head = await Store.GetPositionAsync(Tenant, None);

        var b = (await Store.CommitAsync(Tenant, [Update(a, 2)], None))[0]!;

        Assert.True(Position(b.ResourceVersion) > Position(a.ResourceVersion), "a position is never used twice");
        Assert.Equal([b.ResourceVersion], (await Store.ReadChangesAsync(Tenant, head, 10, None)).Changes.Select(c => c.Object.ResourceVersion));
    }

    [Fact]
    public async Task CommitAsync_TwoWritersOfTheSameVersion_OneWinsTheOtherConflicts()
    {
        var v1 = (await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", "web"), Node("n1"))], None))[0]!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.CommitAsync(Tenant, [Update(v1, 10 + i, Node($"w{i}"))], None);
                return "won";
            }
            catch (StoreException e) when (e.Failure == StoreFailure.Conflict)
            {
                return "conflict";
            }
        })));

        Assert.Equal(["conflict", "won"], outcomes.Order(StringComparer.Ordinal));
        var winner = outcomes[0] == "won" ? 0 : 1;
        Assert.Equal(Json("web", 10 + winner), (await Store.GetAsync(v1.Key, None))!.Json);
        Assert.Single((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node($"w{winner}")), None)).Items);
        Assert.Empty((await Store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node($"w{1 - winner}")), None)).Items);
    }

    [Fact]
    public async Task CommitAsync_ManyWritersAtOnce_EveryChangeIsLoggedOnce()
    {
        var start = await Store.GetPositionAsync(Tenant, None);

        var committed = await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            var versions = new List<(string Name, string Version)>();
            for (var i = 0; i < 8; i++)
            {
                var stored = await Store.CommitAsync(Tenant, [Create(Pod(Tenant, "default", $"w{writer}-{i}"))], None);
                versions.Add((stored[0]!.Key.Name, stored[0]!.ResourceVersion));
            }

            return versions;
        })));

        var changes = new List<StoreChange>();
        var position = start;
        ChangePage page;
        do
        {
            page = await Store.ReadChangesAsync(Tenant, position, 20, None);
            changes.AddRange(page.Changes);
            position = page.Position;
        }
        while (page.HasMore);

        Assert.Equal(48, changes.Count);
        Assert.Equal(
            committed.SelectMany(v => v).Order(),
            changes.Select(c => (c.Object.Key.Name, c.Object.ResourceVersion)).Order());
        Assert.Equal(48, changes.Select(c => c.Object.Key).Distinct().Count());
        Assert.All(changes, c => Assert.Equal(StoreChangeType.Added, c.Type));
    }

    protected static long Position(string position) => long.Parse(position, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Keys of pods named <paramref name="prefix"/>0, 1, … that share one commit group, <paramref name="count"/> of them.</summary>
    protected ObjectKey[] SameGroup(int count, string prefix = "p", string ns = "default", string tenant = Tenant)
    {
        var keys = new List<ObjectKey>(count);
        string? group = null;
        for (var i = 0; keys.Count < count; i++)
        {
            var key = Pod(tenant, ns, $"{prefix}{i}");
            group ??= Store.CommitGroup(key);
            if (Store.CommitGroup(key) == group)
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    /// <summary>Commits the operations of each commit group in a commit of its own: for tests of what is stored, not of atomicity.</summary>
    protected async Task CommitByGroupAsync(string tenant, IEnumerable<StoreOperation> operations)
    {
        foreach (var group in operations.GroupBy(o => Store.CommitGroup(o.Key)))
        {
            await Store.CommitAsync(tenant, [.. group], None);
        }
    }

    /// <summary>Nothing was written or logged since <paramref name="position"/>, and the object is still at <paramref name="current"/>.</summary>
    private async Task AssertUnchangedAsync(string position, StoredObject current)
    {
        Assert.Equal(position, await Store.GetPositionAsync(Tenant, None));
        Assert.Empty((await Store.ReadChangesAsync(Tenant, position, 10, None)).Changes);
        var stored = await Store.GetAsync(current.Key, None);
        Assert.Equal(current.ResourceVersion, stored!.ResourceVersion);
        Assert.Equal(current.Json, stored.Json);
    }
}
