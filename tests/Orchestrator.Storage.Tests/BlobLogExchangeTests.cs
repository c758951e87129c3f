using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Logs;
using Orchestrator.Core.Channels;
using Orchestrator.Storage.Logs;
using Orchestrator.Testing;

namespace Orchestrator.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobLogExchangeTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..8];

    private BlobLogExchange Exchange() => new(new BlobServiceClient(azurite.ConnectionString), _time);

    [Fact]
    public async Task TryTakeAsync_AfterUploadThroughTheSas_ReturnsTheTextOnceAndDeletesIt()
    {
        var exchange = Exchange();
        var upload = await exchange.CreateUploadAsync(_tenant, "node-1", "r1", Lifetime, None);
        Assert.Null(await exchange.TryTakeAsync(_tenant, "r1", None));

        await new BlobClient(upload.Url).UploadAsync(BinaryData.FromString("line 1\nline 2\n"), None);

        Assert.Equal(new LogAnswer(true, "line 1\nline 2\n"), await exchange.TryTakeAsync(_tenant, "r1", None));
        Assert.Null(await exchange.TryTakeAsync(_tenant, "r1", None));
    }

    [Fact]
    public async Task TryTakeAsync_UploadMarkedAsError_ReturnsAFailedAnswer()
    {
        var exchange = Exchange();
        var upload = await exchange.CreateUploadAsync(_tenant, "node-1", "r2", Lifetime, None);

        await new BlobClient(upload.Url).UploadAsync(
            BinaryData.FromString("previous terminated container \"app\" in pod \"web\" not found"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { [LogAnswerFormat.OutcomeKey] = LogAnswerFormat.Error } },
            None);

        var answer = await exchange.TryTakeAsync(_tenant, "r2", None);
        Assert.Equal(new LogAnswer(false, "previous terminated container \"app\" in pod \"web\" not found"), answer);
    }

    [Fact]
    public async Task CreateUploadAsync_Url_CannotReadItsBlobNorWriteAnotherOne()
    {
        var exchange = Exchange();
        var upload = await exchange.CreateUploadAsync(_tenant, "node-1", "r3", Lifetime, None);
        var blob = new BlobClient(upload.Url);
        await blob.UploadAsync(BinaryData.FromString("secret log"), None);

        var read = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync(None));
        Assert.Equal(403, read.Status);

        var other = new UriBuilder(upload.Url) { Path = upload.Url.AbsolutePath.Replace("/r3", "/r4", StringComparison.Ordinal) }.Uri;
        var write = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(other).UploadAsync(BinaryData.FromString("x"), None));
        Assert.Equal(403, write.Status);
    }

    [Fact]
    public async Task CreateUploadAsync_UrlPastItsExpiry_IsRefused()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        var upload = await new BlobLogExchange(new BlobServiceClient(azurite.ConnectionString), past).CreateUploadAsync(_tenant, "node-1", "r5", Lifetime, None);

        Assert.True(upload.ExpiresOn < DateTimeOffset.UtcNow);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(upload.Url).UploadAsync(BinaryData.FromString("late"), None));
        Assert.Equal(403, ex.Status);
    }

    [Fact]
    public async Task DeleteAsync_LateAnswer_IsGone()
    {
        var exchange = Exchange();
        var upload = await exchange.CreateUploadAsync(_tenant, "node-1", "r6", Lifetime, None);
        await new BlobClient(upload.Url).UploadAsync(BinaryData.FromString("late"), None);

        await exchange.DeleteAsync(_tenant, "r6", None);
        await exchange.DeleteAsync(_tenant, "r6", None);

        Assert.Null(await exchange.TryTakeAsync(_tenant, "r6", None));
    }
}
