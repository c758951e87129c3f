using System.Net;

namespace Orchestrator.Agent.Services;

/// <summary>One listener of the proxy: where it listens, for which Service port, and where connections go.</summary>
/// <param name="Listen">The cluster IP and port, or the node's address and node port.</param>
/// <param name="Service">"namespace/name:port" for logs.</param>
/// <param name="Endpoints">The ready endpoints, in a stable order.</param>
/// <param name="AffinityTimeout">The ClientIP affinity timeout, null without affinity.</param>
internal sealed record ProxyRule(IPEndPoint Listen, string Service, IReadOnlyList<IPEndPoint> Endpoints, TimeSpan? AffinityTimeout);
