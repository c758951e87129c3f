using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Runtime.Process;

/// <summary>
/// Turns a container spec into the host process to start: the argument vector, the environment and the working
/// directory, with the checks that make a bad spec a clear <see cref="ContainerCreateException"/>.
/// </summary>
internal sealed class WorkloadCommand
{
    /// <summary>Kubernetes' default PATH for a container whose image sets none.</summary>
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private WorkloadCommand(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        Argv = argv;
        Environment = environment;
        WorkingDirectory = workingDirectory;
    }

    public IReadOnlyList<string> Argv { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string WorkingDirectory { get; }

    /// <param name="spec">The container.</param>
    /// <param name="podName">The pod's name, also the process's <c>HOSTNAME</c>.</param>
    /// <param name="fieldValue">The value of a <c>valueFrom.fieldRef</c> path, null for a path it does not know; without it no fieldRef resolves.</param>
    /// <param name="serviceEnvironment">The Services' variables; the container's own variables of the same name win.</param>
    /// <exception cref="ContainerCreateException">The spec cannot run as a host process.</exception>
    public static WorkloadCommand Create(Container spec, string podName, Func<string?, string?>? fieldValue = null, IReadOnlyList<KeyValuePair<string, string>>? serviceEnvironment = null)
    {
        if (spec.Command is not { Count: > 0 } command || string.IsNullOrEmpty(command[0]))
        {
            throw new ContainerCreateException(
                ContainerCreateException.CreateContainerError,
                $"the process runtime needs command: container \"{spec.Name}\" sets none, and an image's entrypoint is not used by runtimeClassName \"process\"");
        }

        // The agent's own environment is not passed on: it may hold the join token.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = OperatingSystem.IsWindows() ? System.Environment.GetEnvironmentVariable("PATH") ?? "" : DefaultPath,
            ["HOSTNAME"] = podName,
        };
        // A host process runs as the agent's user; many tools need that user's home.
        foreach (var inherited in (string[])["HOME", "SystemRoot"])
        {
            if (System.Environment.GetEnvironmentVariable(inherited) is { Length: > 0 } value)
            {
                environment[inherited] = value;
            }
        }

        foreach (var (name, value) in serviceEnvironment ?? [])
        {
            environment[name] = value;
        }

        foreach (var variable in spec.Env ?? [])
        {
            if (string.IsNullOrEmpty(variable.Name))
            {
                continue;
            }

            if (variable.ValueFrom is { } source && variable.Value is null)
            {
                if (source.FieldRef is not { } field)
                {
                    throw new ContainerCreateException(
                        ContainerCreateException.CreateContainerConfigError,
                        $"env \"{variable.Name}\": only valueFrom.fieldRef is resolved by the process runtime yet; give a plain value");
                }

                environment[variable.Name] = fieldValue?.Invoke(field.FieldPath)
                    ?? throw new ContainerCreateException(
                        ContainerCreateException.CreateContainerConfigError,
                        $"env \"{variable.Name}\": unsupported fieldRef.fieldPath \"{field.FieldPath}\"");
                continue;
            }

            environment[variable.Name] = EnvReferenceExpander.Expand(variable.Value ?? "", environment);
        }

        var argv = command.Concat(spec.Args ?? []).Select(argument => EnvReferenceExpander.Expand(argument, environment)).ToList();
        var workingDirectory = string.IsNullOrEmpty(spec.WorkingDir) ? DefaultWorkingDirectory() : spec.WorkingDir;
        if (!Path.IsPathFullyQualified(workingDirectory) || !Directory.Exists(workingDirectory))
        {
            throw new ContainerCreateException(
                ContainerCreateException.CreateContainerError,
                $"workingDir \"{workingDirectory}\" is not an existing absolute directory on this node");
        }

        if (!OperatingSystem.IsWindows() && ResolveExecutable(argv[0], environment["PATH"], workingDirectory) is null)
        {
            throw new ContainerCreateException(
                ContainerCreateException.CreateContainerError,
                $"exec: \"{argv[0]}\": executable file not found in $PATH");
        }

        return new WorkloadCommand(argv, environment, workingDirectory);
    }

    /// <summary>Finds the file <c>execvp</c> would run, as <c>sh</c>'s <c>exec</c> will.</summary>
    internal static string? ResolveExecutable(string name, string path, string workingDirectory)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var candidate = Path.Combine(workingDirectory, name);
            return IsExecutableFile(candidate) ? candidate : null;
        }

        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return false;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    private static string DefaultWorkingDirectory() =>
        OperatingSystem.IsWindows() ? Path.GetPathRoot(System.Environment.SystemDirectory) ?? @"C:\" : "/";
}
