using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Nodes;

/// <summary>Reads the machine's facts once: operating system, architecture, kernel, identifiers and capacity.</summary>
internal sealed class NodeSystemProbe
{
    public NodeSystemProbe()
    {
        OperatingSystemName = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "unknown";
        Architecture = KubernetesArchitecture(RuntimeInformation.OSArchitecture);
        KernelVersion = ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString();
        OsImage = ReadOsRelease("/etc/os-release", "PRETTY_NAME") ?? RuntimeInformation.OSDescription;
        MachineId = ReadFirstLine("/etc/machine-id") ?? "";
        BootId = ReadFirstLine("/proc/sys/kernel/random/boot_id") ?? "";
        MemoryKi = ReadMemTotalKi("/proc/meminfo") ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024;
        AgentVersion = typeof(NodeSystemProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(NodeSystemProbe).Assembly.GetName().Version?.ToString()
            ?? "unknown";
    }

    public string OperatingSystemName { get; }

    public string Architecture { get; }

    public string KernelVersion { get; }

    public string OsImage { get; }

    public string MachineId { get; }

    public string BootId { get; }

    public long MemoryKi { get; }

    public string AgentVersion { get; }

    public static int ProcessorCount => Environment.ProcessorCount;

    public NodeSystemInfo SystemInfo(string runtimeVersion) => new()
    {
        OperatingSystem = OperatingSystemName,
        Architecture = Architecture,
        KernelVersion = KernelVersion,
        OsImage = OsImage,
        KubeletVersion = "orch-agent/" + AgentVersion,
        ContainerRuntimeVersion = runtimeVersion,
        MachineID = MachineId,
        SystemUUID = "",
        BootID = BootId,
    };

    /// <summary>The GOARCH spelling Kubernetes uses.</summary>
    internal static string KubernetesArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        System.Runtime.InteropServices.Architecture.LoongArch64 => "loong64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    internal static string? ReadOsRelease(string path, string key)
    {
        foreach (var line in ReadLines(path))
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..].Trim().Trim('"', '\'');
            }
        }

        return null;
    }

    /// <summary>The <c>MemTotal:  16303016 kB</c> line of /proc/meminfo; the kernel's kB are KiB.</summary>
    internal static long? ReadMemTotalKi(string path)
    {
        foreach (var line in ReadLines(path))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    private static string? ReadFirstLine(string path) => ReadLines(path).Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
