using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Secrets;

public sealed class SecretStorageTests
{
    private const string Password = "correct-horse-battery-staple";

    [Fact]
    public async Task CreateAsync_SecretWithStringData_StoresItEncryptedAndReadsItBackAsData()
    {
        using var plane = new TestControlPlane();
        var secret = new Secret
        {
            Metadata = new ObjectMeta { Name = "registry", Namespace = TestControlPlane.Namespace },
            StringData = new Dictionary<string, string> { ["password"] = Password },
        };

        await plane.Objects.CreateAsync(ResourceRegistry.Secrets, TestControlPlane.Tenant, secret, CancellationToken.None);

        var stored = await plane.Store.GetAsync(new ObjectKey(TestControlPlane.Tenant, "secrets", TestControlPlane.Namespace, "registry"), CancellationToken.None);
        var raw = Encoding.UTF8.GetString(stored!.Json);
        Assert.DoesNotContain(Password, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), raw, StringComparison.Ordinal);
        Assert.DoesNotContain("stringData", raw, StringComparison.Ordinal);

        var read = await plane.Objects.GetAsync(ResourceRegistry.Secrets, TestControlPlane.Tenant, TestControlPlane.Namespace, "registry", CancellationToken.None);
        Assert.Equal(Password, Encoding.UTF8.GetString(Convert.FromBase64String(read!.Object.Data!["password"])));
        Assert.Null(read.Object.StringData);
        Assert.Equal("Opaque", read.Object.Type);
    }

    [Fact]
    public async Task CreateAsync_DockerConfigSecretWithoutItsKey_Returns422NamingTheKey()
    {
        using var plane = new TestControlPlane();
        var secret = new Secret
        {
            Metadata = new ObjectMeta { Name = "pull", Namespace = TestControlPlane.Namespace },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, string> { ["other"] = "e30=" },
        };

        var error = await Assert.ThrowsAsync<ApiException>(() => plane.Objects.CreateAsync(ResourceRegistry.Secrets, TestControlPlane.Tenant, secret, CancellationToken.None));

        Assert.Equal(422, error.Status.Code);
        Assert.Contains(error.Status.Details!.Causes!, c => c.Field == "data[.dockerconfigjson]");
    }

    [Fact]
    public async Task CreateAsync_ValueThatIsNotBase64_Returns422AndDoesNotEchoTheValue()
    {
        using var plane = new TestControlPlane();
        var secret = new Secret
        {
            Metadata = new ObjectMeta { Name = "bad", Namespace = TestControlPlane.Namespace },
            Data = new Dictionary<string, string> { ["token"] = "not base64 " + Password },
        };

        var error = await Assert.ThrowsAsync<ApiException>(() => plane.Objects.CreateAsync(ResourceRegistry.Secrets, TestControlPlane.Tenant, secret, CancellationToken.None));

        Assert.Equal(422, error.Status.Code);
        Assert.DoesNotContain(Password, error.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_ValueProtectedWithAnotherKey_Throws()
    {
        using var plane = new TestControlPlane();
        var protector = plane.Services.GetRequiredService<ISecretProtector>();
        using var other = new AesGcmSecretProtector(Microsoft.Extensions.Options.Options.Create(new SecretOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));

        var sealedValue = other.Protect(Encoding.UTF8.GetBytes(Password));

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedValue));
        Assert.Equal(Password, Encoding.UTF8.GetString(other.Unprotect(sealedValue)));
    }

    [Fact]
    public void ProtectAndUnprotect_ManyThreadsAtOnce_EveryValueRoundTrips()
    {
        // Found by the fleet benchmark: 20 clients reading and updating Secrets got 503s (tag mismatch) from one AesGcm
        // shared by all requests.
        using var plane = new TestControlPlane();
        var protector = plane.Services.GetRequiredService<ISecretProtector>();
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(thread => new Thread(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var value = Encoding.UTF8.GetBytes($"{Password}-{thread}-{i}");
                try
                {
                    if (!protector.Unprotect(protector.Protect(value)).AsSpan().SequenceEqual(value))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (CryptographicException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Equal(0, failures);
    }
}
