using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Messaging.ServiceBus;

/// <summary>
/// Service Bus SAS tokens as the service defines them: HMAC-SHA256, keyed with the UTF-8 bytes of the rule's key, over
/// the URL-encoded resource URI, a newline and the expiry in Unix seconds.
/// </summary>
internal static class ServiceBusSharedAccessSignature
{
    /// <summary>
    /// <c>SharedAccessSignature sr=&lt;uri&gt;&amp;sig=&lt;signature&gt;&amp;se=&lt;expiry&gt;&amp;skn=&lt;key name&gt;</c>,
    /// every value URL-encoded. The token grants what the named rule grants, on <paramref name="resourceUri"/> only.
    /// </summary>
    public static string Create(Uri resourceUri, string keyName, string key, DateTimeOffset expiresOn)
    {
        ArgumentNullException.ThrowIfNull(resourceUri);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        ArgumentException.ThrowIfNullOrEmpty(key);

        var encodedResource = Uri.EscapeDataString(resourceUri.AbsoluteUri.ToLowerInvariant());
        var expiry = expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(key),
            Encoding.UTF8.GetBytes($"{encodedResource}\n{expiry}"));
        return $"SharedAccessSignature sr={encodedResource}&sig={Uri.EscapeDataString(Convert.ToBase64String(signature))}"
            + $"&se={expiry}&skn={Uri.EscapeDataString(keyName)}";
    }

    /// <summary>The resource URI a token for a queue must name: <c>https://namespace/queue</c>.</summary>
    public static Uri ResourceFor(string fullyQualifiedNamespace, string queueName) =>
        new($"https://{fullyQualifiedNamespace}/{queueName}");
}
