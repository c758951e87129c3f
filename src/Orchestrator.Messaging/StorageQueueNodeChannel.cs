using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;

namespace Orchestrator.Messaging;

/// <summary>
/// The control plane's node channel over Azure Storage queues: one queue per node, nudges as JSON, and grants that
/// are service SAS URIs able to receive from that one queue only.
/// </summary>
public sealed partial class StorageQueueNodeChannel : INodeChannel
{
    // Read (peek, properties) and Process (receive, delete): no Add or Update, so an agent cannot send.
    private const QueueSasPermissions GrantPermissions = QueueSasPermissions.Read | QueueSasPermissions.Process;

    private readonly QueueServiceClient _service;
    private readonly NodeChannelOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StorageQueueNodeChannel> _logger;

    /// <summary>Creates the channel; the connection string must carry the account key, which signs the grants.</summary>
    public StorageQueueNodeChannel(
        string connectionString,
        IOptions<NodeChannelOptions> options,
        TimeProvider timeProvider,
        ILogger<StorageQueueNodeChannel> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        NodeChannelOptionsValidator.EnsureValid(options.Value);

        _service = new QueueServiceClient(connectionString, StorageQueueClientOptions.Create());
        if (!_service.CanGenerateAccountSasUri)
        {
            throw new ArgumentException(
                "The connection string must include the account key: grants are signed with it.",
                nameof(connectionString));
        }

        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        var queue = QueueFor(tenant, nodeName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        // The SAS carries whole seconds; the grant says exactly what the SAS says.
        var now = _timeProvider.GetUtcNow();
        var expiresOn = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero)
            + _options.GrantLifetime;
        var sas = new QueueSasBuilder(GrantPermissions, expiresOn)
        {
            QueueName = queue.Name,
            Protocol = queue.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        var address = queue.GenerateSasUri(sas);

        Log.Provisioned(_logger, tenant, nodeName, queue.Name, expiresOn);
        return new NodeChannelGrant(NodeChannelKinds.StorageQueue, address.AbsoluteUri, expiresOn);
    }

    public async Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        var queue = QueueFor(nudge.Tenant, nudge.NodeName);
        var body = NodeMessageCodec.Serialize(nudge);
        try
        {
            await queue.SendMessageAsync(
                body,
                visibilityTimeout: null,
                timeToLive: _options.NudgeTimeToLive,
                cancellationToken);
            Log.Nudged(_logger, nudge.Tenant, nudge.NodeName, nudge.Reason);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound.ToString())
        {
            // The node has not joined yet; it converges to the whole desired state when it does.
            Log.NudgeQueueMissing(_logger, nudge.Tenant, nudge.NodeName, queue.Name);
        }
    }

    public async Task SendLogRequestAsync(LogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = QueueFor(request.Tenant, request.NodeName);

        // Worthless once its upload URL expired; the queue needs at least one second.
        var timeToLive = request.ExpiresOn - _timeProvider.GetUtcNow();
        if (timeToLive < TimeSpan.FromSeconds(1))
        {
            timeToLive = TimeSpan.FromSeconds(1);
        }

        try
        {
            await queue.SendMessageAsync(
                NodeMessageCodec.Serialize(request),
                visibilityTimeout: null,
                timeToLive: timeToLive,
                cancellationToken);
            Log.LogRequestSent(_logger, request.Tenant, request.NodeName, request.RequestId);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound.ToString())
        {
            // Never joined: nobody would answer; the API times out and says the node did not answer.
            Log.LogRequestQueueMissing(_logger, request.Tenant, request.NodeName, queue.Name);
        }
    }

    public async Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        var queue = QueueFor(tenant, nodeName);
        var deleted = await queue.DeleteIfExistsAsync(cancellationToken);
        Log.Deleted(_logger, tenant, nodeName, queue.Name, deleted.Value);
    }

    /// <summary>The name of the node's queue (for operators and tests; no credential).</summary>
    public string QueueNameFor(string tenant, string nodeName) => NodeQueueName.For(_options.QueuePrefix, tenant, nodeName);

    private QueueClient QueueFor(string tenant, string nodeName) => _service.GetQueueClient(QueueNameFor(tenant, nodeName));
}
