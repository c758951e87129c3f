using System.Collections.Specialized;

namespace Orchestrator.Agent.Tests.Probes;

internal sealed record ReceivedRequest(string PathAndQuery, string? UserAgent, NameValueCollection Headers);
