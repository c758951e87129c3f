using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Fleet.Hosting;

/// <summary>The control plane's API as a user with the admin key sees it.</summary>
internal sealed class FleetApi : IDisposable
{
    public FleetApi(Uri server, string token, int maxConnections = 256)
    {
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(100),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Server = server;
        Token = token;
    }

    public HttpClient Http { get; }

    public Uri Server { get; }

    public string Token { get; }

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        }

        return JsonNode.Parse(body)!;
    }

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken = default) => SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken);

    public Task<JsonNode> PostAsync(string path, string json, CancellationToken cancellationToken = default) => SendAsync(HttpMethod.Post, path, json, cancellationToken: cancellationToken);

    /// <summary>Every item of a list, following <c>continue</c> tokens.</summary>
    public async Task<List<JsonNode>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var items = new List<JsonNode>();
        string? next = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await GetAsync(next is null ? path : $"{path}{separator}continue={Uri.EscapeDataString(next)}", cancellationToken);
            items.AddRange(page["items"]!.AsArray().Select(item => item!));
            next = page["metadata"]?["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));
        return items;
    }

    public async Task<string> CreateJoinTokenAsync(CancellationToken cancellationToken) =>
        (await PostAsync("agent/v1/jointokens", "{}", cancellationToken))["token"]!.GetValue<string>();

    /// <summary>Whether the node exists and its <c>Ready</c> condition is <c>True</c>.</summary>
    public async Task<bool> IsNodeReadyAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"api/v1/nodes/{Uri.EscapeDataString(name)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return IsReady(JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!);
    }

    /// <summary>Whether a Node object's <c>Ready</c> condition is <c>True</c>.</summary>
    public static bool IsReady(JsonNode node) =>
        node["status"]?["conditions"]?.AsArray().Any(condition =>
            condition?["type"]?.GetValue<string>() == "Ready" && condition["status"]?.GetValue<string>() == "True") == true;

    public void Dispose() => Http.Dispose();
}
