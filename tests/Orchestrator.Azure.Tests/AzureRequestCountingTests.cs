using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Orchestrator.Testing;

namespace Orchestrator.AzureSdk.Tests;

/// <summary>
/// The counting policy against the real Azurite: each request a client sends is counted once, under its service.
/// One class, so its tests run one after another and no other test's requests land in a recorder.
/// </summary>
public sealed class AzureRequestCountingTests : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteFixture _azurite;

    public AzureRequestCountingTests(AzuriteFixture azurite) => _azurite = azurite;

    [Fact]
    public async Task Requests_TableUpsertsAndOneQuery_CountsEachRequestOnceAsTable()
    {
        var table = new TableClient(_azurite.ConnectionString, "counting" + Guid.NewGuid().ToString("N")[..12], new TableClientOptions().AddRequestCounting(AzureRequestCounting.Table));
        await table.CreateIfNotExistsAsync();
        const int Upserts = 5;

        using var recorder = new RequestRecorder();
        for (var i = 0; i < Upserts; i++)
        {
            await table.UpsertEntityAsync(new TableEntity("p", "r" + i) { ["Value"] = i });
        }

        var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "p").ToListAsync();

        Assert.Equal(Upserts, rows.Count);
        Assert.Equal(Upserts + 1, recorder.Count(AzureRequestCounting.Table));
        Assert.Equal(1, recorder.Count(AzureRequestCounting.Table, "GET"));
        Assert.Equal(Upserts + 1, recorder.Total);
    }

    [Fact]
    public async Task Requests_QueueSendAndReceive_CountsAsQueue()
    {
        var queue = new QueueClient(_azurite.ConnectionString, "counting-" + Guid.NewGuid().ToString("N")[..12], new QueueClientOptions().AddRequestCounting(AzureRequestCounting.Queue));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("nudge");

        using var recorder = new RequestRecorder();
        var received = await queue.ReceiveMessagesAsync(maxMessages: 1);

        Assert.Single(received.Value);
        Assert.Equal(1, recorder.Count(AzureRequestCounting.Queue, "GET"));
        Assert.Equal(1, recorder.Total);
    }

    [Fact]
    public async Task Requests_BlobNotFound_StillCountsTheFailedRequest()
    {
        var service = new BlobServiceClient(_azurite.ConnectionString, new BlobClientOptions().AddRequestCounting(AzureRequestCounting.Blob));
        var blob = service.GetBlobContainerClient("missing-" + Guid.NewGuid().ToString("N")[..12]).GetBlobClient("nothing.txt");

        using var recorder = new RequestRecorder();
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync());

        Assert.Equal(404, failure.Status);
        Assert.Equal(1, recorder.Count(AzureRequestCounting.Blob));
        Assert.Equal(1, recorder.Total);
    }

    [Fact]
    public async Task Requests_NoListener_ClientStillWorks()
    {
        // Counting must never get in the way of the request itself.
        var table = new TableClient(_azurite.ConnectionString, "counting" + Guid.NewGuid().ToString("N")[..12], new TableClientOptions().AddRequestCounting(AzureRequestCounting.Table));

        var created = await table.CreateIfNotExistsAsync();

        Assert.NotNull(created.Value);
    }

    [Fact]
    public void AddRequestCounting_BlankService_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TableClientOptions().AddRequestCounting(" "));
    }
}
