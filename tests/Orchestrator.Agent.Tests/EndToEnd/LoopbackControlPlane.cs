using System.Net;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;
using Orchestrator.Testing;

namespace Orchestrator.Agent.Tests.EndToEnd;

/// <summary>
/// A minimal control plane on a loopback port, speaking the agent routes the way the real server is specified to:
/// enough for the agent executable to join, heartbeat, fetch its pods and report their status.
/// </summary>
internal sealed class LoopbackControlPlane : IDisposable
{
    public const string JoinToken = "join-token-e2e";
    public const string NodeToken = "node-token-e2e";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodStatus> _statuses = new(StringComparer.Ordinal);
    private List<Pod> _pods = [];
    private List<Service> _services = [];
    private List<EndpointSlice> _slices = [];
    private string? _lastNodeStatus;

    public LoopbackControlPlane()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public string? LastNodeStatus
    {
        get
        {
            lock (_gate)
            {
                return _lastNodeStatus;
            }
        }
    }

    public int Count(string route)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(route);
        }
    }

    public void SetServices(IEnumerable<Service> services, IEnumerable<EndpointSlice> slices)
    {
        lock (_gate)
        {
            _services = [.. services];
            _slices = [.. slices];
        }
    }

    public void SetPods(params Pod[] pods)
    {
        lock (_gate)
        {
            _pods = [.. pods];
        }
    }

    public PodStatus? Status(string uid)
    {
        lock (_gate)
        {
            return _statuses.GetValueOrDefault(uid);
        }
    }

    public void ForgetStatuses()
    {
        lock (_gate)
        {
            _statuses.Clear();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception ex)
            {
                Respond(context, 500, FakeStatus(500, "InternalError", ex.Message));
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var route = request.HttpMethod + " " + request.Url!.AbsolutePath;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = reader.ReadToEnd();
        }

        lock (_gate)
        {
            _counts[route] = _counts.GetValueOrDefault(route) + 1;
        }

        var authorization = request.Headers["Authorization"];
        if (route == "POST /agent/v1/join")
        {
            if (authorization != "Bearer " + JoinToken)
            {
                Respond(context, 401, FakeStatus(401, "Unauthorized", "bad join token"));
                return;
            }

            var join = JsonSerializer.Deserialize(body, NodeApiJsonContext.Default.JoinRequest)!;
            Respond(context, 201, JsonSerializer.Serialize(new JoinResponse(join.NodeName, NodeToken, Grant()), NodeApiJsonContext.Default.JoinResponse));
            return;
        }

        if (authorization != "Bearer " + NodeToken)
        {
            Respond(context, 401, FakeStatus(401, "Unauthorized", "bad node token"));
            return;
        }

        switch (route)
        {
            case "GET /agent/v1/nodes/node-1/channel":
                Respond(context, 200, JsonSerializer.Serialize(Grant(), NodeApiJsonContext.Default.NodeChannelGrant));
                break;
            case "PUT /agent/v1/nodes/node-1/lease":
                Respond(context, 200, JsonSerializer.Serialize(new LeaseRenewed(DateTimeOffset.UtcNow), NodeApiJsonContext.Default.LeaseRenewed));
                break;
            case "PATCH /api/v1/nodes/node-1/status":
                lock (_gate)
                {
                    _lastNodeStatus = request.ContentType + " " + body;
                }

                Respond(context, 200, """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"}}""");
                break;
            case "GET /api/v1/pods" when request.QueryString["fieldSelector"] == "spec.nodeName=node-1":
                List<Pod> pods;
                lock (_gate)
                {
                    pods = _pods;
                }

                Respond(context, 200, JsonSerializer.Serialize(new KubeList<Pod> { ApiVersion = "v1", Kind = "PodList", Items = pods }, KubeJsonContext.Default.KubeListPod));
                break;
            case "GET /api/v1/services":
                lock (_gate)
                {
                    Respond(context, 200, JsonSerializer.Serialize(new KubeList<Service> { ApiVersion = "v1", Kind = "ServiceList", Items = _services }, KubeJsonContext.Default.KubeListService));
                }

                break;
            case "GET /apis/discovery.k8s.io/v1/endpointslices":
                lock (_gate)
                {
                    Respond(context, 200, JsonSerializer.Serialize(new KubeList<EndpointSlice> { ApiVersion = "discovery.k8s.io/v1", Kind = "EndpointSliceList", Items = _slices }, KubeJsonContext.Default.KubeListEndpointSlice));
                }

                break;
            case "POST /agent/v1/nodes/node-1/podstatus":
                var report = JsonSerializer.Deserialize(body, NodeApiJsonContext.Default.PodStatusReport)!;
                var outcomes = new List<PodStatusReportOutcome>();
                lock (_gate)
                {
                    foreach (var item in report.Items)
                    {
                        _statuses[item.Uid] = item.Status;
                        outcomes.Add(new PodStatusReportOutcome(item.Namespace, item.Name, _pods.Any(pod => pod.Metadata.Uid == item.Uid) ? 200 : 404));
                    }
                }

                Respond(context, 200, JsonSerializer.Serialize(new PodStatusReportResult(outcomes), NodeApiJsonContext.Default.PodStatusReportResult));
                break;
            default:
                Respond(context, 404, FakeStatus(404, "NotFound", "no route " + route));
                break;
        }
    }

    // A kind no receiver exists for: the agent must work on resyncs alone when its channel is unusable.
    private static Core.Channels.NodeChannelGrant Grant() => new("none", "none://", DateTimeOffset.UtcNow.AddHours(1));

    private static string FakeStatus(int code, string reason, string message) =>
        JsonSerializer.Serialize(new Status { Outcome = "Failure", Code = code, Reason = reason, Message = message }, KubeJsonContext.Default.Status);

    private static void Respond(HttpListenerContext context, int code, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }
}
