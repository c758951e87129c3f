using System.Web;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Storage.Logs;

namespace Orchestrator.Storage.Tests;

public sealed class UserDelegationUploadUrlSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly BlobClient Blob = new(new Uri("https://orchdev.blob.core.windows.net/logs/t1/r1"));

    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<DateTimeOffset> _requestedExpiries = [];

    [Fact]
    public async Task SignAsync_FixedKey_UrlCarriesUploadOnlyPermissionsExpiryAndTheKeysIdentity()
    {
        var signer = Signer();

        var url = await signer.SignAsync(Blob, Sas(Now.AddMinutes(5)), CancellationToken.None);

        Assert.Equal("https://orchdev.blob.core.windows.net/logs/t1/r1", url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("cw", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("https", query["spr"]);
        Assert.Equal("2026-11-25T10:05:00Z", query["se"]);
        Assert.Equal("00000000-0000-0000-0000-0000000000a1", query["skoid"]);
        Assert.Equal("00000000-0000-0000-0000-0000000000b2", query["sktid"]);
        Assert.Equal("2026-11-26T10:00:00Z", query["ske"]);
        Assert.False(string.IsNullOrEmpty(query["sig"]));
        Assert.Null(query["sk"]);
    }

    [Fact]
    public async Task SignAsync_SecondUrlWithinTheKeysLifetime_ReusesTheKey()
    {
        var signer = Signer();
        await signer.SignAsync(Blob, Sas(Now.AddMinutes(5)), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(12));

        await signer.SignAsync(Blob, Sas(_time.GetUtcNow().AddMinutes(5)), CancellationToken.None);

        Assert.Equal([Now + UserDelegationUploadUrlSigner.KeyLifetime], _requestedExpiries);
    }

    [Fact]
    public async Task SignAsync_UrlOutlivingTheKey_FetchesANewKey()
    {
        var signer = Signer();
        await signer.SignAsync(Blob, Sas(Now.AddMinutes(5)), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(58));

        var url = await signer.SignAsync(Blob, Sas(_time.GetUtcNow().AddMinutes(5)), CancellationToken.None);

        Assert.Equal(2, _requestedExpiries.Count);
        Assert.Equal(_time.GetUtcNow() + UserDelegationUploadUrlSigner.KeyLifetime, _requestedExpiries[1]);
        Assert.Equal("2026-11-27T09:58:00Z", HttpUtility.ParseQueryString(url.Query)["ske"]);
    }

    private UserDelegationUploadUrlSigner Signer() => new(
        (expiresOn, _) =>
        {
            _requestedExpiries.Add(expiresOn);
            return Task.FromResult(BlobsModelFactory.UserDelegationKey(
                "00000000-0000-0000-0000-0000000000a1",
                "00000000-0000-0000-0000-0000000000b2",
                _time.GetUtcNow(),
                expiresOn,
                "b",
                "2025-01-05",
                Convert.ToBase64String(new byte[32])));
        },
        "orchdev",
        _time);

    private static BlobSasBuilder Sas(DateTimeOffset expiresOn) => new(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn)
    {
        BlobContainerName = "logs",
        BlobName = "t1/r1",
        Resource = "b",
        Protocol = SasProtocol.Https,
    };
}
