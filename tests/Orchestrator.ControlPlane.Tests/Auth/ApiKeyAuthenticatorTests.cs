using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Auth;

namespace Orchestrator.ControlPlane.Tests.Auth;

public sealed class ApiKeyAuthenticatorTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private ApiKeys Keys => _controlPlane.Services.GetRequiredService<ApiKeys>();

    private ApiKeyAuthenticator Authenticator => _controlPlane.Services.GetRequiredService<ApiKeyAuthenticator>();

    [Theory]
    [InlineData(ApiKeyRoles.Admin, null)]
    [InlineData(ApiKeyRoles.Join, null)]
    [InlineData(ApiKeyRoles.Node, "worker-1")]
    public async Task AuthenticateAsync_IssuedKey_IsItsTenantRoleAndNode(string role, string? node)
    {
        var (key, record) = await Keys.IssueAsync("acme", role, node, lifetime: null, "test", CancellationToken.None);

        var caller = await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);

        Assert.NotNull(caller);
        Assert.Equal("acme", caller.Tenant);
        Assert.Equal(role, caller.Role);
        Assert.Equal(node, caller.NodeName);
        Assert.Equal(record.Id, caller.KeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_KeysOfTwoTenants_EachAuthenticatesToItsOwnTenant()
    {
        var (acme, _) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);
        var (globex, _) = await Keys.IssueAsync("globex", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);

        Assert.Equal("acme", (await Authenticator.AuthenticateAsync("Bearer " + acme, CancellationToken.None))?.Tenant);
        Assert.Equal("globex", (await Authenticator.AuthenticateAsync("Bearer " + globex, CancellationToken.None))?.Tenant);
    }

    [Fact]
    public async Task IssueAsync_Key_StoresOnlyItsSha256()
    {
        var (key, _) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, TimeSpan.FromHours(1), "ci", CancellationToken.None);

        var stored = Assert.Single(_controlPlane.Identities.Keys);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), stored.HashHex);
        var secret = key["orch_".Length..];
        Assert.All(
            new[] { stored.Id, stored.Tenant, stored.Role, stored.NodeName, stored.HashHex, stored.Description, stored.ToString() },
            field => Assert.DoesNotContain(secret, field ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IssueAsync_TwoKeys_AreDifferent()
    {
        var (first, _) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);
        var (second, _) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, _controlPlane.Identities.Keys.Count);
    }

    [Fact]
    public async Task AuthenticateAsync_LowercaseSchemeAndPadding_IsAccepted()
    {
        var (key, _) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);

        Assert.NotNull(await Authenticator.AuthenticateAsync("bearer  " + key + " ", CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer    ")]
    [InlineData("Bearer")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Bearer orch_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AuthenticateAsync_MissingOrUnknownCredential_IsNull(string? authorization)
    {
        await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);

        Assert.Null(await Authenticator.AuthenticateAsync(authorization, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_IssuedKeyUnderAnotherScheme_IsNull()
    {
        var (key, _) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);

        Assert.Null(await Authenticator.AuthenticateAsync("Basic " + key, CancellationToken.None));
        Assert.Null(await Authenticator.AuthenticateAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredKey_IsNull()
    {
        var (key, record) = await Keys.IssueAsync("acme", ApiKeyRoles.Join, null, TimeSpan.FromMinutes(10), null, CancellationToken.None);
        Assert.NotNull(await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));

        _controlPlane.Time.SetUtcNow(record.ExpiresAt!.Value + TimeSpan.FromSeconds(1));

        Assert.Null(await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_KeyJustBeforeExpiry_StillWorks()
    {
        var (key, record) = await Keys.IssueAsync("acme", ApiKeyRoles.Join, null, TimeSpan.FromMinutes(10), null, CancellationToken.None);

        _controlPlane.Time.SetUtcNow(record.ExpiresAt!.Value - TimeSpan.FromSeconds(1));

        Assert.NotNull(await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));
    }

    [Fact]
    public async Task AuthenticateAsync_DeletedKey_StopsWorkingOnceTheCacheLifetimePasses()
    {
        var (key, record) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);
        Assert.NotNull(await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));

        await _controlPlane.Identities.DeleteKeyAsync(record, CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(119));
        var withinCacheLifetime = await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(2));
        var afterCacheLifetime = await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None);

        Assert.NotNull(withinCacheLifetime);
        Assert.Null(afterCacheLifetime);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyIssuedAfterAMissWasCached_WorksOnceTheCacheLifetimePasses()
    {
        // A key that was looked up before it existed (say, presented too early) is cached as a miss for a while.
        var (key, record) = await Keys.IssueAsync("acme", ApiKeyRoles.Admin, null, null, null, CancellationToken.None);
        await _controlPlane.Identities.DeleteKeyAsync(record, CancellationToken.None);
        Assert.Null(await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));
        await _controlPlane.Identities.AddKeyAsync(record, CancellationToken.None);

        _controlPlane.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.NotNull(await Authenticator.AuthenticateAsync("Bearer " + key, CancellationToken.None));
    }

    public void Dispose() => _controlPlane.Dispose();
}
