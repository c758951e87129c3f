using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>
/// Runs probes as the kubelet does: exec through the runtime (exit code 0 is success); httpGet with a status from 200
/// to 399 as success, redirects followed only to the same host (a redirect elsewhere counts as its 3xx, a success),
/// HTTPS without certificate verification, no keep-alive; tcpSocket as an accepted connection. All within
/// <c>timeoutSeconds</c>, measured on the injected clock.
/// </summary>
internal sealed class ProbeRunner : IProbeRunner, IDisposable
{
    private const int MaxRedirects = 10;

    private static readonly string UserAgent =
        "orch-agent-probe/" + (typeof(ProbeRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private readonly IRuntimeDriver _runtime;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public ProbeRunner(IRuntimeDriver runtime, TimeProvider time)
    {
        _runtime = runtime;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            // As the kubelet: a probe checks that the workload answers, not who it is.
#pragma warning disable CA5359
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<ProbeOutcome> RunAsync(Probe probe, ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(target);
        var timeout = TimeSpan.FromSeconds(probe.TimeoutSeconds is > 0 ? probe.TimeoutSeconds.Value : Core.Defaulting.ObjectDefaults.DefaultProbeTimeoutSeconds);
        if (probe.Exec is { } exec)
        {
            return await ExecAsync(exec, target, timeout, cancellationToken);
        }

        if (probe.HttpGet is { } httpGet)
        {
            return await HttpGetAsync(httpGet, target, timeout, cancellationToken);
        }

        if (probe.TcpSocket is { } tcpSocket)
        {
            return await TcpSocketAsync(tcpSocket, target, timeout, cancellationToken);
        }

        return ProbeOutcome.Failed("the probe has no handler this agent runs (exec, httpGet or tcpSocket)");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Kubernetes' port lookup: a number, a named port of the container, or a number written as a string.</summary>
    internal static int? ResolvePort(IntOrString? port, Container spec)
    {
        if (port?.Number is { } number)
        {
            return number;
        }

        if (port?.Text is not { Length: > 0 } name)
        {
            return null;
        }

        if (spec.Ports?.Find(candidate => candidate?.Name == name) is { } named)
        {
            return named.ContainerPortNumber;
        }

        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    private async Task<ProbeOutcome> ExecAsync(ExecAction exec, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (exec.Command is not { Count: > 0 } command)
        {
            return ProbeOutcome.Failed("exec probe has no command");
        }

        try
        {
            var result = await _runtime.ExecAsync(target.Key, command, timeout, cancellationToken);
            return result.ExitCode == 0
                ? ProbeOutcome.Succeeded(result.Output)
                : ProbeOutcome.Failed($"command {Quote(command)} exited with {result.ExitCode}: {result.Output.Trim()}".TrimEnd(' ', ':'));
        }
        catch (TimeoutException)
        {
            return ProbeOutcome.Failed($"command {Quote(command)} timed out");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException or NotSupportedException)
        {
            return ProbeOutcome.Failed($"command {Quote(command)} could not run: {ex.Message}");
        }
    }

    private async Task<ProbeOutcome> HttpGetAsync(HttpGetAction httpGet, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ResolvePort(httpGet.Port, target.Spec) is not { } port)
        {
            return ProbeOutcome.Failed($"couldn't find port: {httpGet.Port} in container {target.Key.ContainerName}");
        }

        var scheme = string.Equals(httpGet.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = string.IsNullOrEmpty(httpGet.Host) ? target.Host : httpGet.Host;
        var path = string.IsNullOrEmpty(httpGet.Path) ? "/" : httpGet.Path.StartsWith('/') ? httpGet.Path : "/" + httpGet.Path;
        if (!Uri.TryCreate($"{scheme}://{FormatHost(host)}:{port.ToString(CultureInfo.InvariantCulture)}{path}", UriKind.Absolute, out var uri))
        {
            return ProbeOutcome.Failed($"invalid probe URL for host \"{host}\", port {port} and path \"{path}\"");
        }

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = Request(uri, httpGet.HttpHeaders);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400 &&
                    response.Headers.Location is { } location &&
                    redirects < MaxRedirects &&
                    new Uri(uri, location) is var next &&
                    string.Equals(next.Host, uri.Host, StringComparison.OrdinalIgnoreCase))
                {
                    uri = next;
                    continue;
                }

                return code is >= 200 and < 400
                    ? ProbeOutcome.Succeeded($"HTTP probe succeeded with statuscode: {code}")
                    : ProbeOutcome.Failed($"HTTP probe failed with statuscode: {code}");
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"Get \"{uri}\": context deadline exceeded (timeout {GoSeconds(timeout)})");
        }
        catch (HttpRequestException ex)
        {
            return ProbeOutcome.Failed($"Get \"{uri}\": {ex.Message}");
        }
    }

    private async Task<ProbeOutcome> TcpSocketAsync(TcpSocketAction tcpSocket, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ResolvePort(tcpSocket.Port, target.Spec) is not { } port)
        {
            return ProbeOutcome.Failed($"couldn't find port: {tcpSocket.Port} in container {target.Key.ContainerName}");
        }

        var host = string.IsNullOrEmpty(tcpSocket.Host) ? target.Host : tcpSocket.Host;
        var address = $"{FormatHost(host)}:{port.ToString(CultureInfo.InvariantCulture)}";
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, linked.Token);
            return ProbeOutcome.Succeeded($"connected to {address}");
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"dial tcp {address}: i/o timeout");
        }
        catch (SocketException ex)
        {
            return ProbeOutcome.Failed($"dial tcp {address}: {ex.Message}");
        }
    }

    private static HttpRequestMessage Request(Uri uri, List<HttpHeader>? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11 };
        request.Headers.ConnectionClose = true;
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        // Declared headers replace the defaults of the same name; Host sets the request's host, as in the kubelet.
        foreach (var group in (headers ?? []).Where(header => !string.IsNullOrEmpty(header?.Name)).GroupBy(header => header.Name!, StringComparer.OrdinalIgnoreCase))
        {
            if (string.Equals(group.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = group.First().Value;
                continue;
            }

            request.Headers.Remove(group.Key);
            request.Headers.TryAddWithoutValidation(group.Key, group.Select(header => header.Value ?? ""));
        }

        return request;
    }

    private static string FormatHost(string host) =>
        IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;

    private static string GoSeconds(TimeSpan timeout) => timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";

    private static string Quote(IReadOnlyList<string> command) => "[" + string.Join(' ', command) + "]";
}
