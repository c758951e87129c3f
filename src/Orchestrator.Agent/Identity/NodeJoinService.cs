using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Hosting;
using Orchestrator.Core.NodeApi;

namespace Orchestrator.Agent.Identity;

/// <summary>
/// Establishes the node identity: reuses <c>credential.json</c> when present, otherwise joins with the join token and
/// stores the credential it receives. A join that fails is retried with back-off; a configuration that cannot work
/// stops the agent.
/// </summary>
internal sealed partial class NodeJoinService : BackgroundService
{
    private static readonly TimeSpan RetryInitial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryMax = TimeSpan.FromMinutes(1);

    private readonly AgentOptions _options;
    private readonly CredentialStore _store;
    private readonly NodeIdentity _identity;
    private readonly NodeApiClient _api;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeJoinService> _logger;

    public NodeJoinService(
        IOptions<AgentOptions> options,
        CredentialStore store,
        NodeIdentity identity,
        NodeApiClient api,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<NodeJoinService> logger)
    {
        _options = options.Value;
        _store = store;
        _identity = identity;
        _api = api;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new RetryBackoff(RetryInitial, RetryMax);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EstablishAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (AgentStartupException ex)
            {
                Log.CannotStart(_logger, ex.Message);
                _identity.StartupFailure = ex.Message;
                _lifetime.StopApplication();
                return;
            }
            catch (NodeApiException ex) when (ex.IsCredentialRejected)
            {
                var delay = backoff.Next(ex);
                Log.JoinTokenRejected(_logger, ex.StatusCode, ex.Message, delay);
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (Exception ex) when (ex is NodeApiException or HttpRequestException or TaskCanceledException)
            {
                var delay = backoff.Next(ex);
                Log.JoinFailed(_logger, ex.Message, delay);
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (Exception ex)
            {
                var delay = backoff.Next(ex);
                Log.JoinError(_logger, ex, delay);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
    }

    /// <summary>Loads or obtains the credential and publishes it; visible for tests.</summary>
    internal async Task EstablishAsync(CancellationToken cancellationToken)
    {
        if (_store.Load() is { } stored)
        {
            EnsureMatchesConfiguration(stored);
            if (!string.IsNullOrEmpty(_options.JoinToken) || !string.IsNullOrEmpty(_options.JoinTokenFile))
            {
                Log.JoinTokenIgnored(_logger, _store.Path);
            }

            Log.CredentialLoaded(_logger, stored.NodeName, stored.Server);
            _identity.Set(stored);
            return;
        }

        var server = _options.ServerUrl
            ?? throw new AgentStartupException($"No credential is stored in {_store.Path} and no server is configured: start the agent with --server <url> and a join token (--join-token-file <file>).");
        var token = ReadJoinToken();
        var nodeName = _options.NodeName ?? NodeNames.FromHostName(System.Net.Dns.GetHostName());

        Log.Joining(_logger, nodeName, server);
        var response = await _api.JoinAsync(server, token, new JoinRequest(nodeName), cancellationToken);
        if (string.IsNullOrEmpty(response.Token) || string.IsNullOrEmpty(response.NodeName))
        {
            throw new NodeApiException("POST /agent/v1/join answered without a node name or token.");
        }

        var credential = new NodeCredential(server, response.NodeName, response.Token);
        _store.Save(credential);
        Log.Joined(_logger, credential.NodeName, server, _store.Path);
        _identity.Set(credential, response.Channel);
    }

    private void EnsureMatchesConfiguration(NodeCredential stored)
    {
        if (_options.ServerUrl is { } server && !SameServer(server, stored.Server))
        {
            throw new AgentStartupException(
                $"{_store.Path} holds the credential of server {stored.Server}, but the configured server is {server}. " +
                "Remove the file (and the rest of the state directory) to join the other server, or drop --server.");
        }

        if (_options.NodeName is { } nodeName && !string.Equals(nodeName, stored.NodeName, StringComparison.Ordinal))
        {
            throw new AgentStartupException(
                $"{_store.Path} holds the credential of node '{stored.NodeName}', but the configured node name is '{nodeName}'. " +
                "Remove the file (and the rest of the state directory) to join as another node, or drop --node-name.");
        }
    }

    private string ReadJoinToken()
    {
        string? token;
        if (!string.IsNullOrEmpty(_options.JoinTokenFile))
        {
            try
            {
                token = File.ReadAllText(_options.JoinTokenFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Read at every attempt, so an operator can fix the file without restarting.
                throw new NodeApiException($"The join token file {_options.JoinTokenFile} cannot be read: {ex.Message}", ex);
            }
        }
        else
        {
            token = _options.JoinToken?.Trim();
        }

        return string.IsNullOrEmpty(token)
            ? throw new AgentStartupException($"No credential is stored in {_store.Path} and no join token is given: pass --join-token-file <file> (or --join-token, or Agent__JoinToken).")
            : token;
    }

    private static bool SameServer(Uri left, Uri right) =>
        string.Equals(left.AbsoluteUri.TrimEnd('/'), right.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
