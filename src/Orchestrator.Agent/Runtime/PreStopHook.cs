using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Runtime;

/// <summary>
/// A container's <c>lifecycle.preStop</c> handler as the runtimes keep it (JSON beside the container, so a restarted
/// agent still runs it), with named ports already resolved: exec runs in the container, httpGet goes to the pod's
/// address, sleep waits. It runs within the grace period before SIGTERM, as the kubelet runs it; a failing hook never
/// keeps the container from stopping.
/// </summary>
internal static partial class PreStopHook
{
    /// <summary>What a container gets after its preStop hook used up the grace period, as the kubelet gives.</summary>
    public static readonly TimeSpan MinimumStopAfterHook = TimeSpan.FromSeconds(2);

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false });

    /// <summary>The hook of <paramref name="spec"/> as JSON with named ports resolved; null without one.</summary>
    /// <exception cref="ContainerCreateException">An httpGet port names no port of the container.</exception>
    public static string? Serialize(Container spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Lifecycle?.PreStop is { } preStop
            ? JsonSerializer.Serialize(ResolveNamedPort(preStop, spec), KubeJsonContext.Default.LifecycleHandler)
            : null;
    }

    /// <summary>
    /// Runs the hook (<paramref name="hookJson"/> from <see cref="Serialize"/>) through <paramref name="driver"/> and
    /// returns what is left of <paramref name="gracePeriod"/> for SIGTERM (at least <see cref="MinimumStopAfterHook"/>
    /// when there was a grace period).
    /// </summary>
    public static async Task<TimeSpan> RunAsync(
        IRuntimeDriver driver, ContainerKey key, string hookJson, string podIP, TimeSpan gracePeriod, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + gracePeriod;
        try
        {
            var hook = JsonSerializer.Deserialize(hookJson, KubeJsonContext.Default.LifecycleHandler);
            if (hook?.Exec is { Command: { Count: > 0 } command })
            {
                var result = await driver.ExecAsync(key, command, gracePeriod, cancellationToken);
                if (result.ExitCode != 0)
                {
                    LogFailed(logger, key, $"exit code {result.ExitCode}: {Truncate(result.Output)}");
                }
            }
            else if (hook?.HttpGet is { } httpGet)
            {
                await GetAsync(key, httpGet, podIP, gracePeriod, logger, cancellationToken);
            }
            else if (hook?.Sleep is { Seconds: > 0 } sleep)
            {
                var pause = TimeSpan.FromSeconds(sleep.Seconds);
                await Task.Delay(pause < gracePeriod ? pause : gracePeriod, time, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, key, ex is TimeoutException ? "it ran out of the grace period" : ex.Message);
        }

        var remaining = deadline - time.GetUtcNow();
        return remaining < MinimumStopAfterHook && gracePeriod > TimeSpan.Zero ? MinimumStopAfterHook : remaining;
    }

    private static async Task GetAsync(ContainerKey key, HttpGetAction httpGet, string podIP, TimeSpan gracePeriod, ILogger logger, CancellationToken cancellationToken)
    {
        var scheme = string.Equals(httpGet.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = string.IsNullOrEmpty(httpGet.Host) ? podIP : httpGet.Host;
        var port = httpGet.Port?.Number ?? 80;
        var path = string.IsNullOrEmpty(httpGet.Path) ? "/" : httpGet.Path;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var uri = new UriBuilder(scheme, host, port) { Path = query < 0 ? path : path[..query], Query = query < 0 ? "" : path[(query + 1)..] }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var header in httpGet.HttpHeaders ?? [])
        {
            if (!string.IsNullOrEmpty(header.Name))
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(gracePeriod);
        using var response = await Client.SendAsync(request, timeout.Token);
        if ((int)response.StatusCode is < 200 or >= 400)
        {
            LogFailed(logger, key, $"GET {uri} answered {(int)response.StatusCode}");
        }
    }

    private static LifecycleHandler ResolveNamedPort(LifecycleHandler handler, Container spec)
    {
        if (handler.HttpGet is not { Port.Text: { } name } httpGet)
        {
            return handler;
        }

        var port = spec.Ports?.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.Ordinal))
            ?? throw new ContainerCreateException(
                ContainerCreateException.CreateContainerConfigError,
                $"lifecycle.preStop.httpGet.port \"{name}\" names no port of container \"{spec.Name}\"");
        return new LifecycleHandler
        {
            HttpGet = new HttpGetAction
            {
                Path = httpGet.Path,
                Host = httpGet.Host,
                Scheme = httpGet.Scheme,
                HttpHeaders = httpGet.HttpHeaders,
                Port = IntOrString.FromInt(port.ContainerPortNumber),
            },
        };
    }

    private static string Truncate(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The preStop hook of container {Container} failed: {Reason}; stopping it anyway.")]
    private static partial void LogFailed(ILogger logger, ContainerKey container, string reason);
}
