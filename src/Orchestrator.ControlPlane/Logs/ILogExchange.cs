namespace Orchestrator.ControlPlane.Logs;

/// <summary>
/// Where an agent drops the answer to a log request, since the control plane cannot call the agent: the API hands out a
/// URL that can write that one answer (a blob in Azure, a route of the standalone server), then polls for it.
/// </summary>
public interface ILogExchange
{
    /// <summary>
    /// Returns a URL that can create the answer of <paramref name="requestId"/> and nothing else, valid for
    /// <paramref name="lifetime"/>: absolute with its own credential, or relative to the control plane's URL when only
    /// <paramref name="nodeName"/>'s credential may answer.
    /// </summary>
    Task<LogUpload> CreateUploadAsync(string tenant, string nodeName, string requestId, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The answer when the agent has uploaded it (deleting it from the exchange), otherwise null.</summary>
    Task<LogAnswer?> TryTakeAsync(string tenant, string requestId, CancellationToken cancellationToken);

    /// <summary>Removes the answer if it is there; for requests the API gave up on.</summary>
    Task DeleteAsync(string tenant, string requestId, CancellationToken cancellationToken);
}
