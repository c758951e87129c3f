using System.Text.RegularExpressions;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

/// <summary>Probes and lifecycle handlers, with Kubernetes' <c>validateProbe</c> / <c>validateHandler</c> rules and wording.</summary>
public static partial class ObjectValidator
{
    private const string HttpHeaderNamePattern = "[-A-Za-z0-9]+";

    private const string HttpHeaderNameMessage =
        "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '" + HttpHeaderNamePattern + "')";

    private static readonly string[] HttpSchemes = ["HTTP", "HTTPS"];

    /// <summary>The probes and lifecycle hooks of every container of <paramref name="spec"/>.</summary>
    private static void ValidateContainerHealth(PodSpec spec, string path, ValidationFindings findings)
    {
        for (var i = 0; i < (spec.Containers?.Count ?? 0); i++)
        {
            if (spec.Containers![i] is { } container)
            {
                ValidateContainerHealth(container, $"{path}.containers[{i}]", spec.TerminationGracePeriodSeconds, findings);
            }
        }
    }

    private static void ValidateContainerHealth(Container container, string path, long? gracePeriod, ValidationFindings findings)
    {
        ValidateProbe(container.LivenessProbe, path + ".livenessProbe", findings);
        ValidateProbe(container.ReadinessProbe, path + ".readinessProbe", findings);
        ValidateProbe(container.StartupProbe, path + ".startupProbe", findings);

        // Null success thresholds are defaulted to 1 before storage.
        if (container.LivenessProbe?.SuccessThreshold is { } liveness and not 1)
        {
            findings.Add(FieldError.Invalid(path + ".livenessProbe.successThreshold", liveness, "must be 1"));
        }

        if (container.StartupProbe?.SuccessThreshold is { } startup and not 1)
        {
            findings.Add(FieldError.Invalid(path + ".startupProbe.successThreshold", startup, "must be 1"));
        }

        if (container.ReadinessProbe?.TerminationGracePeriodSeconds is { } readinessGrace)
        {
            findings.Add(FieldError.Invalid(path + ".readinessProbe.terminationGracePeriodSeconds", readinessGrace, "must not be set for readinessProbes"));
        }

        if (container.Lifecycle is { } lifecycle)
        {
            if (lifecycle.PostStart is { } postStart)
            {
                ValidateHandler(postStart.Exec, postStart.HttpGet, postStart.TcpSocket, grpc: null, postStart.Sleep, gracePeriod, path + ".lifecycle.postStart", findings);
            }

            if (lifecycle.PreStop is { } preStop)
            {
                ValidateHandler(preStop.Exec, preStop.HttpGet, preStop.TcpSocket, grpc: null, preStop.Sleep, gracePeriod, path + ".lifecycle.preStop", findings);
            }

            findings.NotImplemented(path + ".lifecycle.stopSignal", lifecycle.StopSignal);
        }
    }

    private static void ValidateProbe(Probe? probe, string path, ValidationFindings findings)
    {
        if (probe is null)
        {
            return;
        }

        ValidateHandler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc, sleep: null, gracePeriod: null, path, findings);
        findings.NonNegative(path + ".initialDelaySeconds", probe.InitialDelaySeconds);
        AtLeastOne(path + ".timeoutSeconds", probe.TimeoutSeconds, findings);
        AtLeastOne(path + ".periodSeconds", probe.PeriodSeconds, findings);
        AtLeastOne(path + ".successThreshold", probe.SuccessThreshold, findings);
        AtLeastOne(path + ".failureThreshold", probe.FailureThreshold, findings);
        if (probe.TerminationGracePeriodSeconds is <= 0)
        {
            findings.Add(FieldError.Invalid(path + ".terminationGracePeriodSeconds", probe.TerminationGracePeriodSeconds.Value, "must be greater than 0"));
        }

        findings.NotImplemented(path + ".grpc", probe.Grpc);
    }

    /// <summary>
    /// Kubernetes writes a negative value as "must be greater than or equal to 0" and defaults a zero; a zero that
    /// reaches validation (an undefaulted object) could never run, so it is refused too.
    /// </summary>
    private static void AtLeastOne(string path, int? value, ValidationFindings findings)
    {
        if (value < 0)
        {
            findings.NonNegative(path, value);
        }
        else if (value == 0)
        {
            findings.Add(FieldError.Invalid(path, 0, "must be greater than or equal to 1"));
        }
    }

    private static void ValidateHandler(
        ExecAction? exec,
        HttpGetAction? httpGet,
        TcpSocketAction? tcpSocket,
        System.Text.Json.JsonElement? grpc,
        SleepAction? sleep,
        long? gracePeriod,
        string path,
        ValidationFindings findings)
    {
        var handlers = 0;
        if (exec is not null && Counted(ref handlers, path + ".exec", findings))
        {
            if (exec.Command is not { Count: > 0 })
            {
                findings.Add(FieldError.Required(path + ".exec.command"));
            }
        }

        if (httpGet is not null && Counted(ref handlers, path + ".httpGet", findings))
        {
            ValidateHttpGet(httpGet, path + ".httpGet", findings);
        }

        if (tcpSocket is not null && Counted(ref handlers, path + ".tcpSocket", findings))
        {
            ValidatePortNumOrName(tcpSocket.Port, path + ".tcpSocket.port", findings);
        }

        if (ValidationFindings.IsPresent(grpc))
        {
            Counted(ref handlers, path + ".grpc", findings);
        }

        if (sleep is not null && Counted(ref handlers, path + ".sleep", findings) &&
            gracePeriod is { } grace && (sleep.Seconds < 0 || sleep.Seconds > grace))
        {
            findings.Add(FieldError.Invalid(path + ".sleep", sleep.Seconds, $"must be non-negative and less than terminationGracePeriodSeconds ({grace})"));
        }

        if (handlers == 0)
        {
            findings.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }

    /// <summary>Counts a handler; a second one is forbidden, as Kubernetes says it, and not validated further.</summary>
    private static bool Counted(ref int handlers, string path, ValidationFindings findings)
    {
        if (handlers > 0)
        {
            findings.Add(FieldError.Forbidden(path, "may not specify more than 1 handler type"));
            return false;
        }

        handlers++;
        return true;
    }

    private static void ValidateHttpGet(HttpGetAction httpGet, string path, ValidationFindings findings)
    {
        if (string.IsNullOrEmpty(httpGet.Path))
        {
            findings.Add(FieldError.Required(path + ".path"));
        }

        ValidatePortNumOrName(httpGet.Port, path + ".port", findings);
        if (httpGet.Scheme is not null && Array.IndexOf(HttpSchemes, httpGet.Scheme) < 0)
        {
            findings.Add(FieldError.NotSupported(path + ".scheme", httpGet.Scheme, HttpSchemes));
        }

        foreach (var header in httpGet.HttpHeaders ?? [])
        {
            var name = header?.Name ?? "";
            if (!HttpHeaderNameRegex().IsMatch(name))
            {
                findings.Add(FieldError.Invalid(path + ".httpHeaders", name, HttpHeaderNameMessage));
            }
        }
    }

    /// <summary>Kubernetes' <c>ValidatePortNumOrName</c>; an omitted port is the number 0.</summary>
    private static void ValidatePortNumOrName(IntOrString? port, string path, ValidationFindings findings)
    {
        if (port?.Text is { } name)
        {
            findings.Name(path, name, NameRules.IanaSvcNameErrors);
        }
        else if ((port?.Number ?? 0) is var number and (< 1 or > 65535))
        {
            findings.Add(FieldError.Invalid(path, number, "must be between 1 and 65535, inclusive"));
        }
    }

    [GeneratedRegex("\\A" + HttpHeaderNamePattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HttpHeaderNameRegex();
}
