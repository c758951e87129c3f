using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>JSON requests and answers as a Kubernetes client sends and reads them.</summary>
internal static class HttpClientJsonExtensions
{
    public const string Json = "application/json";
    public const string MergePatch = "application/merge-patch+json";

    /// <summary>Sends <paramref name="body"/> (a <see cref="JsonNode"/> or raw text) with <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body = null, string contentType = Json)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body is JsonNode node ? node.ToJsonString() : (string)body;
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string contentType = Json) =>
        client.SendJsonAsync(HttpMethod.Post, path, body, contentType);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.SendJsonAsync(HttpMethod.Put, path, body);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, object body, string contentType = MergePatch) =>
        client.SendJsonAsync(HttpMethod.Patch, path, body, contentType);

    /// <summary>Reads the answer as a JSON object, failing with the body when it is not one.</summary>
    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Expected a JSON object, got: {text}");
    }

    /// <summary>Asserts <paramref name="expected"/> and returns the body as a JSON object.</summary>
    public static async Task<JsonObject> ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} {expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Expected a JSON object, got: {text}");
    }

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> CreateAsync(this HttpClient client, string collectionPath, JsonObject body) =>
        await (await client.PostJsonAsync(collectionPath, body)).ExpectAsync(HttpStatusCode.Created);

    /// <summary>The items of a list answer.</summary>
    public static async Task<List<JsonObject>> ListAsync(this HttpClient client, string path) =>
        [.. (await client.GetObjectAsync(path))["items"]!.AsArray().Select(i => i!.AsObject())];

    /// <summary>
    /// Read, change, replace; on a 409 Conflict (the controllers write status meanwhile) it starts over, as
    /// client-go's <c>RetryOnConflict</c> does. Returns the final answer.
    /// </summary>
    public static async Task<HttpResponseMessage> UpdateAsync(this HttpClient client, string path, Action<JsonObject> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.GetObjectAsync(path.EndsWith("/status", StringComparison.Ordinal) ? path[..^"/status".Length] : path);
            change(current);
            var response = await client.PutJsonAsync(path, current);
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 10)
            {
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>
    /// Waits until the controllers have observed the object's current generation, so that a following write does not
    /// race their status update.
    /// </summary>
    public static Task<JsonObject> SettledAsync(this HttpClient client, string path) =>
        Eventually.MatchesAsync(
            () => client.GetObjectAsync(path),
            o => (long?)o["status"]?["observedGeneration"] == o.Generation(),
            $"status.observedGeneration of {path} to reach metadata.generation");

    /// <summary>A merge patch retried on 409 Conflict, for tests about what the patch causes rather than about the patch.</summary>
    public static Task<HttpResponseMessage> PatchRetryingAsync(this HttpClient client, string path, string patch) =>
        RetryOnConflictAsync(() => client.PatchJsonAsync(path, patch));

    /// <summary>A delete retried on 409 Conflict, for tests about what the deletion causes rather than about the request.</summary>
    public static Task<HttpResponseMessage> DeleteRetryingAsync(this HttpClient client, string path) =>
        RetryOnConflictAsync(() => client.DeleteAsync(path));

    private static async Task<HttpResponseMessage> RetryOnConflictAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 10)
            {
                return response;
            }

            response.Dispose();
        }
    }

    public static string Name(this JsonObject value) => (string)value["metadata"]!["name"]!;

    public static string Uid(this JsonObject value) => (string)value["metadata"]!["uid"]!;

    public static long Generation(this JsonObject value) => (long)value["metadata"]!["generation"]!;

    public static string ResourceVersion(this JsonObject value) => (string)value["metadata"]!["resourceVersion"]!;
}
