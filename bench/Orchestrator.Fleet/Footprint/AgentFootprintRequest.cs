using Orchestrator.Fleet.Hosting;

namespace Orchestrator.Fleet.Footprint;

/// <summary>What <see cref="AgentFootprint.MeasureAsync"/> needs: a running control plane, an admin client for it and a scratch folder.</summary>
/// <param name="RepositoryRoot">The checkout whose <c>scripts/publish-agent</c> builds the agent.</param>
/// <param name="ServerUrl">The control plane the measured agent joins.</param>
/// <param name="Api">The control plane, as its admin.</param>
/// <param name="WorkDirectory">A folder the caller owns and deletes: the published binary, the agent's state and the logs go there.</param>
/// <param name="Log">Where progress lines go.</param>
internal sealed record AgentFootprintRequest(string RepositoryRoot, Uri ServerUrl, FleetApi Api, string WorkDirectory, TextWriter Log)
{
    /// <summary>How long the idle agent is sampled.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The runtime identifier to publish for; it must run on this machine (linux-x64 or linux-arm64). Null means linux-x64.</summary>
    public string? Runtime { get; init; } = "linux-x64";
}
