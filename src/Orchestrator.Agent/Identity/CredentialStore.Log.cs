namespace Orchestrator.Agent.Identity;

internal sealed partial class CredentialStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The credential file {Path} was readable by others; narrowed it to its owner (mode 600).")]
        public static partial void PermissionsTightened(ILogger logger, string path);
    }
}
