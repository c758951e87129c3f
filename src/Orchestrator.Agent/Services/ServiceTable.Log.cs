namespace Orchestrator.Agent.Services;

internal sealed partial class ServiceTable
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {Services} Services and {Slices} EndpointSlices from {Path}; proxying to them until the control plane answers.")]
        public static partial void Loaded(ILogger logger, int services, int slices, string path);

        [LoggerMessage(2, LogLevel.Warning, "Ignoring the saved service table {Path} ({Reason}); waiting for the control plane.")]
        public static partial void Unusable(ILogger logger, string path, string reason);
    }
}
