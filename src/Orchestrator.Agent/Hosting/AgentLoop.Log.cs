namespace Orchestrator.Agent.Hosting;

internal abstract partial class AgentLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "{Loop}: the control plane rejected this node's credential ({StatusCode}: {Detail}). The node may have been deleted or its token revoked; to join again, remove credential.json from the state directory and restart the agent with a join token. Retrying in {Delay}.")]
        public static partial void CredentialRejected(ILogger logger, string loop, int statusCode, string detail, TimeSpan delay);

        [LoggerMessage(2, LogLevel.Warning, "{Loop}: the control plane call failed: {Detail}. Retrying in {Delay}.")]
        public static partial void Unreachable(ILogger logger, string loop, string detail, TimeSpan delay);

        [LoggerMessage(3, LogLevel.Error, "{Loop}: the iteration failed. Retrying in {Delay}.")]
        public static partial void Failed(ILogger logger, Exception exception, string loop, TimeSpan delay);

        [LoggerMessage(4, LogLevel.Information, "{Loop}: working again after {Failures} failed attempts.")]
        public static partial void Recovered(ILogger logger, string loop, int failures);

        [LoggerMessage(5, LogLevel.Warning, "{Loop}: {Detail} The agent still converges on its periodic resyncs. Retrying in {Delay}.")]
        public static partial void NotSupported(ILogger logger, string loop, string detail, TimeSpan delay);
    }
}
