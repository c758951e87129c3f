using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Agent.Identity;
using Orchestrator.Core.Channels;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Api;

/// <summary>
/// The agent's calls to the control plane. Node routes use the node's own credential; every call is bounded by the
/// HTTP client's timeout, and an error answer becomes a <see cref="NodeApiException"/>.
/// </summary>
internal sealed class NodeApiClient
{
    public const string HttpClientName = "orch-node-api";

    /// <summary>
    /// The client of the server mailbox's long poll: its timeout is the agent's request timeout plus the longest wait it
    /// asks for, since the server holds the request open that long by design.
    /// </summary>
    public const string LongPollHttpClientName = "orch-node-long-poll";

    private const string MergePatchMediaType = "application/merge-patch+json";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly NodeIdentity _identity;

    public NodeApiClient(IHttpClientFactory httpClientFactory, NodeIdentity identity)
    {
        _httpClientFactory = httpClientFactory;
        _identity = identity;
    }

    /// <summary><c>POST /agent/v1/join</c> with the join token: the server creates the Node and returns the node's credential.</summary>
    public async Task<JoinResponse> JoinAsync(Uri server, string joinToken, JoinRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Resolve(server, "agent/v1/join"))
        {
            Content = Json(request, NodeApiJsonContext.Default.JoinRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", joinToken);
        return await SendAsync(message, "POST /agent/v1/join", NodeApiJsonContext.Default.JoinResponse, cancellationToken);
    }

    /// <summary><c>GET /agent/v1/nodes/{node}/channel</c>: a fresh grant for the node's nudge channel.</summary>
    public Task<NodeChannelGrant> GetChannelGrantAsync(CancellationToken cancellationToken) =>
        SendNodeAsync(HttpMethod.Get, "agent/v1/nodes/{0}/channel", content: null, NodeApiJsonContext.Default.NodeChannelGrant, cancellationToken);

    /// <summary><c>PUT /agent/v1/nodes/{node}/lease</c>: the heartbeat.</summary>
    public Task<LeaseRenewed> RenewLeaseAsync(LeaseRenewal renewal, CancellationToken cancellationToken) =>
        SendNodeAsync(HttpMethod.Put, "agent/v1/nodes/{0}/lease", Json(renewal, NodeApiJsonContext.Default.LeaseRenewal), NodeApiJsonContext.Default.LeaseRenewed, cancellationToken);

    /// <summary>
    /// <c>GET {address}?after=&lt;seq&gt;&amp;timeoutSeconds=&lt;s&gt;</c>, the standalone server's mailbox route named by
    /// a <c>server</c> grant (relative to the server URL): acknowledges the messages up to <paramref name="after"/> and
    /// waits up to <paramref name="wait"/> (whole seconds, 1-60) for newer ones. Sent through
    /// <see cref="LongPollHttpClientName"/>, whose timeout covers the wait.
    /// </summary>
    public async Task<NodeMessagesAnswer> ReceiveMessagesAsync(string address, long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var credential = RequireCredential();
        var query = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"?after={after}&timeoutSeconds={(int)Math.Clamp(wait.TotalSeconds, 1, 60)}");
        using var message = new HttpRequestMessage(HttpMethod.Get, Resolve(credential.Server, address + query));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        return await SendAsync(
            message, "GET /agent/v1/nodes/{node}/messages", NodeApiJsonContext.Default.NodeMessagesAnswer, LongPollHttpClientName, cancellationToken);
    }

    /// <summary>
    /// <c>PUT {path}?outcome=ok|error</c>, a log request's upload path relative to the server URL (the standalone
    /// server's <c>agent/v1/nodes/{node}/logs/{requestId}</c>), with the log text or why there is none as the body.
    /// </summary>
    public async Task UploadLogAsync(string path, bool succeeded, string text, CancellationToken cancellationToken)
    {
        var credential = RequireCredential();
        var outcome = succeeded ? LogAnswerFormat.Ok : LogAnswerFormat.Error;
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var message = new HttpRequestMessage(HttpMethod.Put, Resolve(credential.Server, $"{path}{separator}{LogAnswerFormat.OutcomeKey}={outcome}"))
        {
            Content = new StringContent(text, Encoding.UTF8, "text/plain"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        using var response = await SendRawAsync(message, "PUT /agent/v1/nodes/{node}/logs/{requestId}", cancellationToken);
    }

    /// <summary><c>PATCH /api/v1/nodes/{node}/status</c> with a JSON merge patch <c>{"status": ...}</c>.</summary>
    public async Task PatchNodeStatusAsync(NodeStatus status, CancellationToken cancellationToken)
    {
        var credential = RequireCredential();
        using var message = new HttpRequestMessage(HttpMethod.Patch, NodeUri(credential, "api/v1/nodes/{0}/status"))
        {
            Content = NodeStatusPatch(status),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        using var response = await SendRawAsync(message, "PATCH /api/v1/nodes/{node}/status", cancellationToken);
    }

    /// <summary><c>GET /api/v1/pods?fieldSelector=spec.nodeName=&lt;node&gt;</c>: the node's desired pods.</summary>
    public async Task<KubeList<Pod>> ListPodsAsync(CancellationToken cancellationToken)
    {
        var credential = RequireCredential();
        var selector = Uri.EscapeDataString("spec.nodeName=" + credential.NodeName);
        using var message = new HttpRequestMessage(HttpMethod.Get, Resolve(credential.Server, "api/v1/pods?fieldSelector=" + selector));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        return await SendAsync(message, "GET /api/v1/pods", KubeJsonContext.Default.KubeListPod, cancellationToken);
    }

    /// <summary><c>GET /api/v1/services</c>: the Services the node may see (its tenant's, in every namespace).</summary>
    public Task<KubeList<Service>> ListServicesAsync(CancellationToken cancellationToken) =>
        SendNodeAsync(HttpMethod.Get, "api/v1/services", content: null, KubeJsonContext.Default.KubeListService, cancellationToken);

    /// <summary><c>GET /apis/discovery.k8s.io/v1/endpointslices</c>: the endpoints of those Services.</summary>
    public Task<KubeList<EndpointSlice>> ListEndpointSlicesAsync(CancellationToken cancellationToken) =>
        SendNodeAsync(HttpMethod.Get, "apis/discovery.k8s.io/v1/endpointslices", content: null, KubeJsonContext.Default.KubeListEndpointSlice, cancellationToken);

    /// <summary><c>POST /agent/v1/nodes/{node}/podstatus</c>: many pods' statuses, answered per pod.</summary>
    public Task<PodStatusReportResult> ReportPodStatusAsync(PodStatusReport report, CancellationToken cancellationToken) =>
        SendNodeAsync(HttpMethod.Post, "agent/v1/nodes/{0}/podstatus", Json(report, NodeApiJsonContext.Default.PodStatusReport), NodeApiJsonContext.Default.PodStatusReportResult, cancellationToken);

    /// <summary>
    /// <c>GET /agent/v1/nodes/{node}/secrets/{namespace}/{name}</c>: a Secret a pod bound to this node references (image
    /// pull credentials). The answer holds secret data: never log it.
    /// </summary>
    public Task<Secret> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        SendNodeAsync(HttpMethod.Get, "agent/v1/nodes/{0}/secrets/" + Uri.EscapeDataString(@namespace) + "/" + Uri.EscapeDataString(name), content: null, KubeJsonContext.Default.Secret, cancellationToken);

    /// <summary>
    /// <c>DELETE /agent/v1/nodes/{node}/pods/{namespace}/{name}</c> with the pod's uid as precondition: the pod's
    /// containers have stopped and their final status was reported, so the terminating pod can go.
    /// </summary>
    public async Task FinalizePodAsync(string @namespace, string name, string uid, CancellationToken cancellationToken)
    {
        var credential = RequireCredential();
        var path = "agent/v1/nodes/{0}/pods/" + Uri.EscapeDataString(@namespace) + "/" + Uri.EscapeDataString(name);
        using var message = new HttpRequestMessage(HttpMethod.Delete, NodeUri(credential, path))
        {
            Content = DeleteOptions(uid),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        using var response = await SendRawAsync(message, "DELETE /agent/v1/nodes/{node}/pods/{namespace}/{name}", cancellationToken);
    }

    internal static ByteArrayContent DeleteOptions(string uid)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "v1");
            writer.WriteString("kind", "DeleteOptions");
            writer.WritePropertyName("preconditions");
            writer.WriteStartObject();
            writer.WriteString("uid", uid);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }

    internal static ByteArrayContent NodeStatusPatch(NodeStatus status)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("status");
            JsonSerializer.Serialize(writer, status, KubeJsonContext.Default.NodeStatus);
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(MergePatchMediaType);
        return content;
    }

    private async Task<T> SendNodeAsync<T>(HttpMethod method, string pathFormat, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        var credential = RequireCredential();
        using var message = new HttpRequestMessage(method, NodeUri(credential, pathFormat)) { Content = content };
        var operation = method.Method + " /" + pathFormat.Replace("{0}", "{node}", StringComparison.Ordinal);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        return await SendAsync(message, operation, responseType, cancellationToken);
    }

    private Task<T> SendAsync<T>(HttpRequestMessage message, string operation, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync(message, operation, responseType, HttpClientName, cancellationToken);

    private async Task<T> SendAsync<T>(HttpRequestMessage message, string operation, JsonTypeInfo<T> responseType, string clientName, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(message, operation, clientName, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, responseType, cancellationToken)
                ?? throw new NodeApiException((int)response.StatusCode, reason: null, $"{operation} answered an empty body.");
        }
        catch (JsonException ex)
        {
            throw new NodeApiException($"{operation} answered a body that is not the expected JSON: {ex.Message}", ex);
        }
    }

    private Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage message, string operation, CancellationToken cancellationToken) =>
        SendRawAsync(message, operation, HttpClientName, cancellationToken);

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage message, string operation, string clientName, CancellationToken cancellationToken)
    {
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var client = _httpClientFactory.CreateClient(clientName);
        var response = await client.SendAsync(message, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await NodeApiException.FromResponseAsync(response, operation, cancellationToken);
        }
    }

    private NodeCredential RequireCredential() =>
        _identity.Current ?? throw new InvalidOperationException("The node has not joined yet; wait for the node identity first.");

    private static Uri NodeUri(NodeCredential credential, string pathFormat) =>
        Resolve(credential.Server, string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, Uri.EscapeDataString(credential.NodeName)));

    /// <summary>Resolves a route against the server URL, keeping any path prefix the server is mounted under.</summary>
    internal static Uri Resolve(Uri server, string relative)
    {
        var text = server.AbsoluteUri;
        var baseUri = text.EndsWith('/') ? server : new Uri(text + "/");
        return new Uri(baseUri, relative);
    }

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }
}
