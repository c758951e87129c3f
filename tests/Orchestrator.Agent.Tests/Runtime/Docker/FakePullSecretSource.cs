using System.Net;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

/// <summary>Pull secrets by name; an unknown name answers 404, as the control plane does.</summary>
internal sealed class FakePullSecretSource : IPullSecretSource
{
    public Dictionary<string, Secret> Secrets { get; } = new(StringComparer.Ordinal);

    public Task<Secret> GetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Secrets.TryGetValue(@namespace + "/" + name, out var secret)
            ? Task.FromResult(secret)
            : throw new NodeApiException((int)HttpStatusCode.NotFound, "NotFound", $"secrets \"{name}\" not found");
}
