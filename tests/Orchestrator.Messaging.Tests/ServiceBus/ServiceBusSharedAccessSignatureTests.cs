using System.Security.Cryptography;
using System.Text;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging.Tests.ServiceBus;

public sealed class ServiceBusSharedAccessSignatureTests
{
    private const string Key = "dGVzdC1rZXktbm90LWEtc2VjcmV0LTAxMjM0NTY3ODk=";

    [Fact]
    public void Create_KnownKey_MatchesTheSignatureServiceBusComputes()
    {
        // Expected value computed independently (Python hmac) by the documented rule:
        // base64(HMAC-SHA256(utf8(key), urlencode(uri) + "\n" + expiry)).
        var token = ServiceBusSharedAccessSignature.Create(
            new Uri("https://orch-test.servicebus.windows.net/orch-node-abc"),
            "orch-agent-listen",
            Key,
            DateTimeOffset.FromUnixTimeSeconds(1700086400));

        Assert.Equal(
            "SharedAccessSignature sr=https%3A%2F%2Forch-test.servicebus.windows.net%2Forch-node-abc"
            + "&sig=PCN3lBx1JiS3LCUJ3D5evKuk0JaH21u0QRJE7R3JQ3k%3D&se=1700086400&skn=orch-agent-listen",
            token);
    }

    [Fact]
    public void Create_DifferentKey_SignatureDiffers()
    {
        var resource = new Uri("https://orch-test.servicebus.windows.net/orch-node-abc");
        var expires = DateTimeOffset.FromUnixTimeSeconds(1700086400);

        var first = ServiceBusSharedAccessSignature.Create(resource, "rule", Key, expires);
        var second = ServiceBusSharedAccessSignature.Create(
            resource, "rule", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), expires);

        Assert.NotEqual(first, second);
    }

    /// <summary>Checks a token as Service Bus does: recompute the signature over its own sr and se with the key.</summary>
    internal static bool IsValidSignature(string token, string key)
    {
        var fields = Fields(token);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(key),
            Encoding.UTF8.GetBytes($"{fields["sr"]}\n{fields["se"]}")));
        return Uri.UnescapeDataString(fields["sig"]) == expected;
    }

    /// <summary>The raw (still URL-encoded) fields of a <c>SharedAccessSignature ...</c> token.</summary>
    internal static Dictionary<string, string> Fields(string token)
    {
        const string Scheme = "SharedAccessSignature ";
        Assert.StartsWith(Scheme, token, StringComparison.Ordinal);
        return token[Scheme.Length..]
            .Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }
}
