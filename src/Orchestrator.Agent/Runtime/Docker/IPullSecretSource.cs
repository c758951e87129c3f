using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>Where the driver reads a pod's image pull Secrets from: the control plane's node-scoped secret route.</summary>
internal interface IPullSecretSource
{
    /// <exception cref="Api.NodeApiException">The control plane refused or could not answer.</exception>
    Task<Secret> GetAsync(string @namespace, string name, CancellationToken cancellationToken);
}
