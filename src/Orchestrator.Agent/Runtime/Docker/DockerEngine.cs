using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.Models;
using Docker.DotNet.X509;
using Microsoft.Extensions.Options;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary><see cref="IDockerEngine"/> over Docker.DotNet's <see cref="DockerClient"/>, at the configured endpoint.</summary>
internal sealed class DockerEngine : IDockerEngine, IDisposable
{
    private readonly DockerClient _client;

    public DockerEngine(IOptions<DockerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = CreateClient(options.Value);
    }

    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var version = await _client.System.GetVersionAsync(cancellationToken);
        return version.Version;
    }

    public async Task<IReadOnlyList<ContainerListResponse>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var filter = labels.ToDictionary(pair => pair.Key + "=" + pair.Value, _ => true, StringComparer.Ordinal);
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal) { ["label"] = filter },
        };
        var containers = await _client.Containers.ListContainersAsync(parameters, cancellationToken);
        return [.. containers];
    }

    public async Task<ContainerInspectResponse?> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.Containers.InspectContainerAsync(id, cancellationToken);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task PullImageAsync(string image, AuthConfig? credentials, CancellationToken cancellationToken)
    {
        var progress = new PullProgress();
        try
        {
            await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, credentials, progress, cancellationToken);
        }
        catch (DockerApiException ex)
        {
            throw new DockerPullException(EngineMessage(ex), ex);
        }

        if (progress.Error is { } error)
        {
            throw new DockerPullException(error);
        }
    }

    public async Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken)
    {
        var networks = await _client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken);
        return networks.Any(network => string.Equals(network.Name, name, StringComparison.Ordinal));
    }

    public async Task<string> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        var created = await _client.Containers.CreateContainerAsync(parameters, cancellationToken);
        return created.ID;
    }

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) =>
        _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);

    public async Task StopContainerAsync(string id, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var seconds = (uint)Math.Max(0, Math.Ceiling(gracePeriod.TotalSeconds));
        try
        {
            await _client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cancellationToken);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already: stopped is what was asked for.
        }
    }

    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already.
        }
    }

    public async Task<string?> GetLogsAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await _client.Containers.GetContainerLogsAsync(id, tty: false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Timestamps = true }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return stdout + stderr;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<DockerExecOutcome> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exec = await _client.Exec.ExecCreateContainerAsync(
            id,
            new ContainerExecCreateParameters { Cmd = [.. command], AttachStdout = true, AttachStderr = true },
            cancellationToken);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var stream = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, timeoutSource.Token);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeoutSource.Token);
            var inspected = await _client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
            return new DockerExecOutcome(inspected.ExitCode, stdout + stderr, TimedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine cannot cancel an exec: the command runs on inside the container, as with the kubelet.
            return new DockerExecOutcome(-1, "", TimedOut: true);
        }
    }

    public void Dispose() => _client.Dispose();

    internal static string EngineMessage(DockerApiException exception)
    {
        // The engine answers {"message": "..."}; show that, not the whole HTTP story.
        var body = exception.ResponseBody;
        const string marker = "\"message\":\"";
        var start = body?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (body is not null && start >= 0)
        {
            start += marker.Length;
            var end = body.IndexOf('"', start);
            if (end > start)
            {
                return body[start..end];
            }
        }

        return exception.Message;
    }

    private static DockerClient CreateClient(DockerOptions options)
    {
        Credentials credentials = new AnonymousCredentials();
        if (options.TlsCertificate is not null && options.TlsKey is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey);
            var tls = new CertificateCredentials(certificate);
            if (options.TlsCaCertificate is { } caPath)
            {
                var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
                tls.ServerCertificateValidationCallback = (_, serverCertificate, _, errors) =>
                    serverCertificate is not null && VerifyAgainst(authority, new X509Certificate2(serverCertificate), errors);
            }

            credentials = tls;
        }

        return new DockerClientConfiguration(options.Endpoint, credentials, options.RequestTimeout).CreateClient();
    }

    /// <summary>The engine's certificate must chain to the configured CA (docker's <c>--tlsverify --tlscacert</c>).</summary>
    private static bool VerifyAgainst(X509Certificate2 authority, X509Certificate2 serverCertificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(serverCertificate);
    }
}
