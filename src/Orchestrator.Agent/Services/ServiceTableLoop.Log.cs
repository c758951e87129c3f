namespace Orchestrator.Agent.Services;

internal sealed partial class ServiceTableLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The service table changed: {Services} Services, {Slices} EndpointSlices.")]
        public static partial void Changed(ILogger logger, int services, int slices);
    }
}
