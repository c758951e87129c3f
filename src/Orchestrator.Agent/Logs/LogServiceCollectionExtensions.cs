namespace Orchestrator.Agent.Logs;

/// <summary>Registers the agent's side of <c>pods/log</c>: the log sources, the uploader and the worker.</summary>
internal static class LogServiceCollectionExtensions
{
    public static IServiceCollection AddAgentLogs(this IServiceCollection services)
    {
        services.AddSingleton<ILogSource, ProcessLogSource>();
        services.AddSingleton<ILogSource, DockerLogSource>();
        services.AddSingleton<BlobLogUploader>();
        services.AddSingleton<ILogUploader, LogUploader>();
        services.AddSingleton<LogRequestQueue>();
        services.AddSingleton<LogRequestHandler>();
        services.AddHostedService<LogRequestWorker>();
        return services;
    }
}
