using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>
/// Runs the real <c>orch-server</c> entry point in process. Settings go through <c>UseSetting</c>, which reaches
/// <c>builder.Configuration</c> before <c>Program</c> reads them (the client config's <c>server</c> proves it).
/// </summary>
internal sealed class OrchestratorFactory : WebApplicationFactory<Program>
{
    private readonly string _url;
    private readonly string _configPath;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public OrchestratorFactory(string url, string configPath, IReadOnlyDictionary<string, string> settings)
    {
        _url = url;
        _configPath = configPath;
        _settings = settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ORCH_URL", _url);
        builder.UseSetting("ORCH_CONFIG", _configPath);
        foreach (var (name, value) in _settings)
        {
            builder.UseSetting(name, value);
        }
    }
}
