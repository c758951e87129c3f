using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;

namespace Orchestrator.Messaging.ServiceBus;

/// <summary>
/// The control plane's node channel over Azure Service Bus: one queue per node, each with its own Listen-only
/// authorization rule, and grants that are SAS tokens signed with that rule's key, so they can receive from that one
/// queue only (docs/adr/0006-service-bus-delivery.md).
/// </summary>
public sealed partial class ServiceBusNodeChannel : INodeChannel, IAsyncDisposable
{
    /// <summary>The name of the Listen-only rule on every node queue; grants are signed with its key.</summary>
    public const string AgentRuleName = "orch-agent-listen";

    // Two 256-bit keys, as Service Bus generates them.
    private const int RuleKeyBytes = 32;

    // The shortest time-to-live the service takes seriously; a log request found later is dropped by the agent anyway.
    private static readonly TimeSpan MinTimeToLive = TimeSpan.FromSeconds(1);

    private readonly ServiceBusClient _client;
    private readonly ServiceBusAdministrationClient _administration;
    private readonly NodeChannelOptions _options;
    private readonly ServiceBusNodeChannelOptions _serviceBusOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ServiceBusNodeChannel> _logger;

    /// <summary>Creates the channel from a connection string with Manage rights on the namespace.</summary>
    public ServiceBusNodeChannel(
        string connectionString,
        IOptions<NodeChannelOptions> options,
        IOptions<ServiceBusNodeChannelOptions> serviceBusOptions,
        TimeProvider timeProvider,
        ILogger<ServiceBusNodeChannel> logger)
        : this(
            new ServiceBusClient(connectionString, ServiceBusClientSettings.Create(ValidOptions(serviceBusOptions))),
            new ServiceBusAdministrationClient(connectionString),
            options,
            serviceBusOptions,
            timeProvider,
            logger)
    {
    }

    /// <summary>
    /// Creates the channel for a namespace reached with an Entra ID credential that holds the Service Bus Data Owner
    /// role (it must create queues and read their rules' keys).
    /// </summary>
    public ServiceBusNodeChannel(
        string fullyQualifiedNamespace,
        TokenCredential credential,
        IOptions<NodeChannelOptions> options,
        IOptions<ServiceBusNodeChannelOptions> serviceBusOptions,
        TimeProvider timeProvider,
        ILogger<ServiceBusNodeChannel> logger)
        : this(
            new ServiceBusClient(fullyQualifiedNamespace, credential, ServiceBusClientSettings.Create(ValidOptions(serviceBusOptions))),
            new ServiceBusAdministrationClient(fullyQualifiedNamespace, credential),
            options,
            serviceBusOptions,
            timeProvider,
            logger)
    {
    }

    internal ServiceBusNodeChannel(
        ServiceBusClient client,
        ServiceBusAdministrationClient administration,
        IOptions<NodeChannelOptions> options,
        IOptions<ServiceBusNodeChannelOptions> serviceBusOptions,
        TimeProvider timeProvider,
        ILogger<ServiceBusNodeChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(administration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        NodeChannelOptionsValidator.EnsureValid(options.Value);

        _client = client;
        _administration = administration;
        _options = options.Value;
        _serviceBusOptions = ValidOptions(serviceBusOptions);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The namespace the channel creates node queues in.</summary>
    public string FullyQualifiedNamespace => _client.FullyQualifiedNamespace;

    /// <summary>The transport the sender uses (AMQP, or AMQP over WebSockets).</summary>
    internal ServiceBusTransportType TransportType => _client.TransportType;

    public async Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        var queueName = QueueNameFor(tenant, nodeName);
        var rule = await EnsureQueueAsync(queueName, cancellationToken);

        // The token carries whole seconds; the grant says exactly what the token says.
        var now = _timeProvider.GetUtcNow();
        var expiresOn = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()) + _options.GrantLifetime;
        var token = ServiceBusSharedAccessSignature.Create(
            ServiceBusSharedAccessSignature.ResourceFor(_client.FullyQualifiedNamespace, queueName),
            rule.KeyName,
            rule.PrimaryKey,
            expiresOn);
        var address = ServiceBusGrantAddress.Create(_client.FullyQualifiedNamespace, queueName, token);

        Log.Provisioned(_logger, tenant, nodeName, queueName, expiresOn);
        return new NodeChannelGrant(NodeChannelKinds.ServiceBus, address, expiresOn);
    }

    public async Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        if (await SendAsync(nudge.Tenant, nudge.NodeName, nudge, _options.NudgeTimeToLive, cancellationToken))
        {
            Log.Nudged(_logger, nudge.Tenant, nudge.NodeName, nudge.Reason);
        }
        else
        {
            Log.NudgeQueueMissing(_logger, nudge.Tenant, nudge.NodeName, QueueNameFor(nudge.Tenant, nudge.NodeName));
        }
    }

    public async Task SendLogRequestAsync(LogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Worthless once its upload URL expired.
        var timeToLive = request.ExpiresOn - _timeProvider.GetUtcNow();
        if (timeToLive < MinTimeToLive)
        {
            timeToLive = MinTimeToLive;
        }

        if (await SendAsync(request.Tenant, request.NodeName, request, timeToLive, cancellationToken))
        {
            Log.LogRequestSent(_logger, request.Tenant, request.NodeName, request.RequestId);
        }
        else
        {
            // Never joined: nobody would answer; the API times out and says the node did not answer.
            Log.LogRequestQueueMissing(_logger, request.Tenant, request.NodeName, QueueNameFor(request.Tenant, request.NodeName));
        }
    }

    public async Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        var queueName = QueueNameFor(tenant, nodeName);
        var existed = true;
        try
        {
            await _administration.DeleteQueueAsync(queueName, cancellationToken);
        }
        catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
        {
            existed = false;
        }

        // Deleting the queue deletes its rule too: every grant for the node stops working.
        Log.Deleted(_logger, tenant, nodeName, queueName, existed);
    }

    /// <summary>The name of the node's queue (for operators and tests; no credential).</summary>
    public string QueueNameFor(string tenant, string nodeName) => NodeQueueName.For(_options.QueuePrefix, tenant, nodeName);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    /// <summary>
    /// The message id: a hash of the body, so a send retried after a lost acknowledgement is dropped by duplicate
    /// detection, while any message with different content gets through.
    /// </summary>
    internal static string MessageIdFor(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    private static ServiceBusNodeChannelOptions ValidOptions(IOptions<ServiceBusNodeChannelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ServiceBusNodeChannelOptionsValidator.EnsureValid(options.Value);
        return options.Value;
    }

    /// <returns>False when the node's queue does not exist (the node has not joined yet).</returns>
    private async Task<bool> SendAsync(
        string tenant,
        string nodeName,
        NodeMessage message,
        TimeSpan timeToLive,
        CancellationToken cancellationToken)
    {
        var body = NodeMessageCodec.Serialize(message);
        var sender = _client.CreateSender(QueueNameFor(tenant, nodeName));
        try
        {
            await sender.SendMessageAsync(
                new ServiceBusMessage(body)
                {
                    ContentType = "application/json",
                    MessageId = MessageIdFor(body),
                    TimeToLive = timeToLive,
                },
                cancellationToken);
            return true;
        }
        catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
        {
            return false;
        }
        finally
        {
            await sender.DisposeAsync();
        }
    }

    /// <summary>Creates the node's queue with its Listen-only rule, or adds the rule to a queue that lacks it.</summary>
    private async Task<SharedAccessAuthorizationRule> EnsureQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        QueueProperties queue;
        try
        {
            queue = (await _administration.GetQueueAsync(queueName, cancellationToken)).Value;
        }
        catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
        {
            try
            {
                queue = (await _administration.CreateQueueAsync(NewQueue(queueName), cancellationToken)).Value;
                Log.QueueCreated(_logger, queueName);
            }
            catch (ServiceBusException raced) when (raced.Reason == ServiceBusFailureReason.MessagingEntityAlreadyExists)
            {
                // Another instance provisioned the same node at the same moment.
                queue = (await _administration.GetQueueAsync(queueName, cancellationToken)).Value;
            }
        }

        if (FindAgentRule(queue) is { } existing)
        {
            return existing;
        }

        queue.AuthorizationRules.Add(NewAgentRule());
        queue = (await _administration.UpdateQueueAsync(queue, cancellationToken)).Value;
        Log.AgentRuleAdded(_logger, queueName);
        return FindAgentRule(queue)
            ?? throw new InvalidOperationException($"Queue {queueName} did not keep its rule {AgentRuleName}.");
    }

    private CreateQueueOptions NewQueue(string queueName)
    {
        var options = new CreateQueueOptions(queueName)
        {
            LockDuration = _serviceBusOptions.LockDuration,
            RequiresDuplicateDetection = true,
            DuplicateDetectionHistoryTimeWindow = _serviceBusOptions.DuplicateDetectionWindow,

            // A backstop: every message also carries its own, usually shorter, time-to-live.
            DefaultMessageTimeToLive = _options.NudgeTimeToLive,
            DeadLetteringOnMessageExpiration = false,
        };
        options.AuthorizationRules.Add(NewAgentRule());
        return options;
    }

    // Listen only: no Send, no Manage, so a node's credential can neither write to nor reconfigure its queue.
    private static SharedAccessAuthorizationRule NewAgentRule() => new(
        AgentRuleName,
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(RuleKeyBytes)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(RuleKeyBytes)),
        [AccessRights.Listen]);

    private static SharedAccessAuthorizationRule? FindAgentRule(QueueProperties queue) =>
        queue.AuthorizationRules
            .OfType<SharedAccessAuthorizationRule>()
            .FirstOrDefault(rule => rule.KeyName == AgentRuleName
                && rule.Rights.Count == 1
                && rule.Rights.Contains(AccessRights.Listen)
                && !string.IsNullOrEmpty(rule.PrimaryKey));
}
