using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>What a user does with curl: authenticated JSON requests to the API.</summary>
internal sealed class ControlPlaneClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlPlaneClient(string server, string token)
    {
        _http = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonObject?> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync(response);
    }

    /// <summary>A GET whose answer may be plain text (pod logs): status, media type and body as they came.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string? MediaType, string Body)> GetTextAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonArray?> ListAsync(string path) => (JsonArray?)(await GetAsync(path))?["items"];

    public async Task<JsonObject> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return await ReadAsync(response);
    }

    public async Task<JsonObject> MergePatchAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await _http.SendAsync(request);
        return await ReadAsync(response);
    }

    public async Task<JsonObject> DeleteAsync(string path)
    {
        using var response = await _http.DeleteAsync(path);
        return await ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        }

        return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions())!.AsObject();
    }
}
