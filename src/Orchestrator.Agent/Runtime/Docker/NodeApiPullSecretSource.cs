using Orchestrator.Agent.Api;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>Reads pull Secrets with the node's credential; the control plane allows only those its pods reference.</summary>
internal sealed class NodeApiPullSecretSource : IPullSecretSource
{
    private readonly NodeApiClient _client;

    public NodeApiPullSecretSource(NodeApiClient client)
    {
        _client = client;
    }

    public Task<Secret> GetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        _client.GetSecretAsync(@namespace, name, cancellationToken);
}
