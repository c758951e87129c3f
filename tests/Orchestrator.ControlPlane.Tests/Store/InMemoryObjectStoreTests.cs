using System.Text;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Testing.Fakes;

namespace Orchestrator.ControlPlane.Tests.Store;

/// <summary>
/// The shared fake keeps the <see cref="IObjectStore"/> contract the way the Table Storage store does (see
/// Orchestrator.Storage.Tests/TableObjectStoreTests), so that tests over it mean something.
/// </summary>
public sealed class InMemoryObjectStoreTests
{
    private const string Tenant = "acme";

    private readonly InMemoryObjectStore _store = new();

    [Fact]
    public async Task CommitAsync_Create_IsReadBackWithAVersion()
    {
        var results = await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1", Node("n1"))], CancellationToken.None);

        var created = Assert.Single(results);
        var read = await _store.GetAsync(Key("pods", "default", "web-1"), CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(created!.ResourceVersion, read.ResourceVersion);
        Assert.Equal("{\"name\":\"web-1\"}", Encoding.UTF8.GetString(read.Json));
        Assert.Equal([Node("n1")], read.Indexes);
    }

    [Fact]
    public async Task CommitAsync_CreateTwice_ThrowsAlreadyExists()
    {
        await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1")], CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync(Tenant, [Create("pods", "default", "web-1")], CancellationToken.None));

        Assert.Equal(StoreFailure.AlreadyExists, error.Failure);
        Assert.Equal(Key("pods", "default", "web-1"), error.Key);
    }

    [Fact]
    public async Task CommitAsync_OneOperationRefused_WritesNothingOfTheCommit()
    {
        await _store.CommitAsync(Tenant, [Create("pods", "default", "taken")], CancellationToken.None);

        await Assert.ThrowsAsync<StoreException>(() =>
            _store.CommitAsync(Tenant, [Create("pods", "default", "new", Node("n1")), Create("pods", "default", "taken")], CancellationToken.None));

        Assert.Null(await _store.GetAsync(Key("pods", "default", "new"), CancellationToken.None));
        Assert.Empty((await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), CancellationToken.None)).Items);
        Assert.Equal(1, _store.CommitCount);
    }

    [Fact]
    public async Task CommitAsync_UpdateWithStaleVersion_ThrowsConflictAndKeepsTheCurrentObject()
    {
        var v1 = (await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1")], CancellationToken.None))[0]!;
        await _store.CommitAsync(Tenant, [new StoreOperation.Update(v1, Json("v2"), [])], CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreException>(() =>
            _store.CommitAsync(Tenant, [new StoreOperation.Update(v1, Json("v3"), [])], CancellationToken.None));

        Assert.Equal(StoreFailure.Conflict, error.Failure);
        Assert.Equal(Json("v2"), (await _store.GetAsync(v1.Key, CancellationToken.None))!.Json);
    }

    [Fact]
    public async Task CommitAsync_DeleteWithStaleVersion_ThrowsConflict()
    {
        var v1 = (await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1")], CancellationToken.None))[0]!;
        await _store.CommitAsync(Tenant, [new StoreOperation.Update(v1, Json("v2"), [])], CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], CancellationToken.None));

        Assert.Equal(StoreFailure.Conflict, error.Failure);
        Assert.NotNull(await _store.GetAsync(v1.Key, CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_UpdateOrDeleteOfAMissingObject_ThrowsNotFound()
    {
        var v1 = (await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1")], CancellationToken.None))[0]!;
        await _store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], CancellationToken.None);

        var update = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync(Tenant, [new StoreOperation.Update(v1, Json("v2"), [])], CancellationToken.None));
        var delete = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync(Tenant, [new StoreOperation.Delete(v1)], CancellationToken.None));

        Assert.Equal(StoreFailure.NotFound, update.Failure);
        Assert.Equal(StoreFailure.NotFound, delete.Failure);
    }

    [Fact]
    public async Task CommitAsync_MoreThan100Rows_ThrowsTooLargeAndWritesNothing()
    {
        // 34 objects of three rows each: 102 rows.
        var operations = Enumerable.Range(0, 34)
            .Select(i => (StoreOperation)Create("pods", "default", $"web-{i}", Node(""), new IndexEntry("owner", "rs")))
            .ToList();

        var error = await Assert.ThrowsAsync<StoreException>(() => _store.CommitAsync(Tenant, operations, CancellationToken.None));

        Assert.Equal(StoreFailure.TooLarge, error.Failure);
        Assert.Empty(_store.Keys(Tenant));
        await _store.CommitAsync(Tenant, operations.Take(33).ToList(), CancellationToken.None);
        Assert.Equal(33, _store.Keys(Tenant).Count);
    }

    [Fact]
    public async Task CommitAsync_SameObjectTwice_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.CommitAsync(Tenant, [Create("pods", "default", "web-1"), Create("pods", "default", "web-1")], CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_KeyOfAnotherTenant_ThrowsTooLargeAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() =>
            _store.CommitAsync(Tenant, [Create("pods", "default", "web-1"), new StoreOperation.Create(new ObjectKey("globex", "pods", "default", "web-2"), Json("x"), [])], CancellationToken.None));

        Assert.Equal(StoreFailure.TooLarge, error.Failure);
        Assert.Empty(_store.Keys(Tenant));
        Assert.Empty(_store.Keys("globex"));
    }

    [Fact]
    public async Task CommitAsync_UpdateChangingIndexes_MovesTheObjectBetweenIndexEntries()
    {
        var v1 = (await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1", Node(""))], CancellationToken.None))[0]!;

        var v2 = (await _store.CommitAsync(Tenant, [new StoreOperation.Update(v1, Json("bound"), [Node("n1"), Node("n1")])], CancellationToken.None))[0]!;

        Assert.Equal([Node("n1")], v2.Indexes);
        Assert.NotEqual(v1.ResourceVersion, v2.ResourceVersion);
        Assert.Empty((await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("")), CancellationToken.None)).Items);
        var listed = Assert.Single((await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), CancellationToken.None)).Items);
        Assert.Equal(Json("bound"), listed.Json);
    }

    [Fact]
    public async Task CommitAsync_CallerChangesItsBytesAfterwards_StoredObjectIsUnchanged()
    {
        var json = Json("original");
        await _store.CommitAsync(Tenant, [new StoreOperation.Create(Key("pods", "default", "web-1"), json, [])], CancellationToken.None);

        json[0] = (byte)'X';

        Assert.Equal(Json("original"), (await _store.GetAsync(Key("pods", "default", "web-1"), CancellationToken.None))!.Json);
    }

    [Fact]
    public async Task ListAsync_ByResourceNamespaceAndIndex_ReturnsMatchesInKeyOrder()
    {
        await _store.CommitAsync(
            Tenant,
            [
                Create("pods", "ns2", "b", Node("n1")),
                Create("pods", "ns1", "c", Node("n2")),
                Create("pods", "ns1", "a", Node("n1")),
                Create("services", "ns1", "a"),
            ],
            CancellationToken.None);

        var all = await ListNamesAsync(new ObjectListQuery(Tenant, "pods"));
        var ns1 = await ListNamesAsync(new ObjectListQuery(Tenant, "pods", "ns1"));
        var onN1 = await ListNamesAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")));
        var onN1InNs2 = await ListNamesAsync(new ObjectListQuery(Tenant, "pods", "ns2", Node("n1")));

        Assert.Equal(["ns1/a", "ns1/c", "ns2/b"], all);
        Assert.Equal(["ns1/a", "ns1/c"], ns1);
        Assert.Equal(["ns1/a", "ns2/b"], onN1);
        Assert.Equal(["ns2/b"], onN1InNs2);
    }

    [Fact]
    public async Task ListAsync_WithLimit_PagesThroughEveryObjectOnce()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"web-{i}").ToList();
        await _store.CommitAsync(Tenant, [.. names.Select(n => Create("pods", "default", n))], CancellationToken.None);
        var seen = new List<string>();
        var pages = 0;
        string? token = null;

        do
        {
            var page = await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Limit: 3, Continue: token), CancellationToken.None);
            seen.AddRange(page.Items.Select(i => i.Key.Name));
            token = page.Continue;
            pages++;
        }
        while (token is not null);

        Assert.Equal(names, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListAsync_LimitEqualToTheCount_HasNoContinueToken()
    {
        await _store.CommitAsync(Tenant, [Create("pods", "default", "a"), Create("pods", "default", "b")], CancellationToken.None);

        var page = await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Limit: 2), CancellationToken.None);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Continue);
    }

    [Theory]
    [InlineData("!!")]
    [InlineData("not base64 at all")]
    public async Task ListAsync_MalformedContinue_ThrowsArgumentException(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(new ObjectListQuery(Tenant, "pods", Continue: token), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_ContinueOfAnotherList_ThrowsArgumentException()
    {
        await _store.CommitAsync(Tenant, [Create("pods", "default", "a"), Create("pods", "default", "b")], CancellationToken.None);
        var page = await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Limit: 1), CancellationToken.None);
        Assert.NotNull(page.Continue);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(new ObjectListQuery(Tenant, "services", Continue: page.Continue), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_NonPositiveLimit_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListAsync(new ObjectListQuery(Tenant, "pods", Limit: 0), CancellationToken.None));
    }

    [Fact]
    public async Task Tenants_SameKeyInTwoTenants_AreSeparateObjects()
    {
        await _store.CommitAsync(Tenant, [Create("pods", "default", "web-1", Node("n1"))], CancellationToken.None);
        await _store.CommitAsync("globex", [new StoreOperation.Create(new ObjectKey("globex", "pods", "default", "web-1"), Json("theirs"), [Node("n1")])], CancellationToken.None);

        var ours = await _store.GetAsync(Key("pods", "default", "web-1"), CancellationToken.None);
        var theirs = await _store.GetAsync(new ObjectKey("globex", "pods", "default", "web-1"), CancellationToken.None);
        var ourList = await _store.ListAsync(new ObjectListQuery(Tenant, "pods", Index: Node("n1")), CancellationToken.None);

        Assert.Equal("{\"name\":\"web-1\"}", Encoding.UTF8.GetString(ours!.Json));
        Assert.Equal(Json("theirs"), theirs!.Json);
        Assert.Equal(Tenant, Assert.Single(ourList.Items).Key.Tenant);
        Assert.Null(await _store.GetAsync(new ObjectKey("initech", "pods", "default", "web-1"), CancellationToken.None));
    }

    private async Task<List<string>> ListNamesAsync(ObjectListQuery query) =>
        [.. (await _store.ListAsync(query, CancellationToken.None)).Items.Select(i => $"{i.Key.Namespace}/{i.Key.Name}")];

    private static ObjectKey Key(string resource, string ns, string name) => new(Tenant, resource, ns, name);

    private static IndexEntry Node(string name) => new("node", name);

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static StoreOperation.Create Create(string resource, string ns, string name, params IndexEntry[] indexes) =>
        new(Key(resource, ns, name), Json($"{{\"name\":\"{name}\"}}"), indexes);
}
