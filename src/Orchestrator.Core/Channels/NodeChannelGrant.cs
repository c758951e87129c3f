namespace Orchestrator.Core.Channels;

/// <summary>
/// What an agent needs to receive its node's nudges and nothing else: the transport (<c>storage-queue</c>,
/// <c>service-bus</c>), an address with a credential limited to that node's queue, and when it expires.
/// </summary>
public sealed record NodeChannelGrant(string Kind, string Address, DateTimeOffset ExpiresOn);
