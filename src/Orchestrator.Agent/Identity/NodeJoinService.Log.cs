namespace Orchestrator.Agent.Identity;

internal sealed partial class NodeJoinService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Critical, "The agent cannot start: {Reason}")]
        public static partial void CannotStart(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Error, "The control plane refused the join token ({StatusCode}: {Detail}); it may have expired or been revoked. Put a new token in the join token file; retrying in {Delay}.")]
        public static partial void JoinTokenRejected(ILogger logger, int statusCode, string detail, TimeSpan delay);

        [LoggerMessage(3, LogLevel.Warning, "Joining failed: {Detail}. Retrying in {Delay}.")]
        public static partial void JoinFailed(ILogger logger, string detail, TimeSpan delay);

        [LoggerMessage(4, LogLevel.Information, "A credential is stored in {Path}; the join token is not used.")]
        public static partial void JoinTokenIgnored(ILogger logger, string path);

        [LoggerMessage(5, LogLevel.Information, "Acting as node {NodeName} of {Server} with the stored credential.")]
        public static partial void CredentialLoaded(ILogger logger, string nodeName, Uri server);

        [LoggerMessage(6, LogLevel.Information, "Joining {Server} as node {NodeName}.")]
        public static partial void Joining(ILogger logger, string nodeName, Uri server);

        [LoggerMessage(7, LogLevel.Information, "Joined {Server} as node {NodeName}; the credential is stored in {Path}.")]
        public static partial void Joined(ILogger logger, string nodeName, Uri server, string path);

        [LoggerMessage(8, LogLevel.Error, "Establishing the node identity failed. Retrying in {Delay}.")]
        public static partial void JoinError(ILogger logger, Exception exception, TimeSpan delay);
    }
}
