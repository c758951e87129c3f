using System.Text.Json;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Runtime.Process;

/// <summary>Reads and writes the container records in <c>&lt;state&gt;/containers/&lt;podUid&gt;_&lt;container&gt;.json</c>.</summary>
internal sealed partial class ContainerRecordStore
{
    private readonly string _directory;
    private readonly ILogger<ContainerRecordStore> _logger;

    public ContainerRecordStore(StatePaths paths, ILogger<ContainerRecordStore> logger)
    {
        _directory = paths.ContainersDirectory;
        _logger = logger;
    }

    public IReadOnlyList<ContainerRecord> LoadAll()
    {
        if (!Directory.Exists(_directory))
        {
            return [];
        }

        var records = new List<ContainerRecord>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize(File.ReadAllBytes(file), AgentJsonContext.Default.ContainerRecord) is { } record &&
                    Path.GetFileName(file) == FileName(record.Key))
                {
                    records.Add(record);
                }
                else
                {
                    Log.Unusable(_logger, file, "it does not match its file name");
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                Log.Unusable(_logger, file, ex.Message);
            }
        }

        return records;
    }

    public void Save(ContainerRecord record) =>
        AtomicFile.Write(Path.Combine(_directory, FileName(record.Key)), JsonSerializer.SerializeToUtf8Bytes(record, AgentJsonContext.Default.ContainerRecord));

    public void Delete(ContainerKey key) => File.Delete(Path.Combine(_directory, FileName(key)));

    // Pod uids and container names (DNS labels) never hold '_'.
    private static string FileName(ContainerKey key) => key.PodUid + "_" + key.ContainerName + ".json";
}
