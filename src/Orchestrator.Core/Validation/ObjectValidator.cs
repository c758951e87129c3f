using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

/// <summary>
/// Validates objects with the Kubernetes rules and field paths before they are stored. Run it on defaulted objects
/// (<see cref="Defaulting.ObjectDefaults"/>); fields left null are treated as "to be defaulted", not as errors.
/// </summary>
public static partial class ObjectValidator
{
    private static readonly string[] PodRestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] TemplateRestartPolicies = ["Always"];

    public static ValidationResult ValidatePod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return ValidateNamespacedWithSpec(pod, pod.Spec, (spec, path, findings) => ValidatePodSpec(spec, path, PodRestartPolicies, findings));
    }

    public static ValidationResult ValidateDeployment(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return ValidateNamespacedWithSpec(deployment, deployment.Spec, ValidateDeploymentSpec);
    }

    public static ValidationResult ValidateReplicaSet(ReplicaSet replicaSet)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        return ValidateNamespacedWithSpec(replicaSet, replicaSet.Spec, ValidateReplicaSetSpec);
    }

    /// <summary>Metadata of a namespaced object with a required spec, then the spec itself.</summary>
    private static ValidationResult ValidateNamespacedWithSpec<TSpec>(KubeObject value, TSpec? spec, Action<TSpec, string, ValidationFindings> validateSpec)
        where TSpec : class
    {
        var findings = new ValidationFindings();
        ValidateObjectMeta(value.Metadata, "metadata", NameRules.Dns1123SubdomainErrors, namespaced: true, findings);
        if (spec is null)
        {
            findings.Add(FieldError.Required("spec"));
        }
        else
        {
            validateSpec(spec, "spec", findings);
        }

        return findings.ToResult();
    }

    public static ValidationResult ValidateNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var findings = new ValidationFindings();
        ValidateObjectMeta(node.Metadata, "metadata", NameRules.Dns1123SubdomainErrors, namespaced: false, findings);
        if (node.Spec is { } spec)
        {
            ValidateTaints(spec.Taints, "spec.taints", findings);
            findings.NotImplemented("spec.podCIDR", spec.PodCIDR);
            findings.NotImplemented("spec.podCIDRs", spec.PodCIDRs);
        }

        if (node.Status is { } status)
        {
            ValidateQuantities(status.Capacity, "status.capacity", findings);
            ValidateQuantities(status.Allocatable, "status.allocatable", findings);
            findings.NotImplemented("status.daemonEndpoints", status.DaemonEndpoints);
            findings.NotImplemented("status.images", status.Images);
            for (var i = 0; i < (status.RuntimeHandlers?.Count ?? 0); i++)
            {
                findings.NotImplemented($"status.runtimeHandlers[{i}].features", status.RuntimeHandlers![i]?.Features);
            }
        }

        return findings.ToResult();
    }

    public static ValidationResult ValidateNamespace(Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var findings = new ValidationFindings();
        ValidateObjectMeta(ns.Metadata, "metadata", NameRules.Dns1123LabelErrors, namespaced: false, findings);
        var finalizers = ns.Spec?.Finalizers ?? [];
        for (var i = 0; i < finalizers.Count; i++)
        {
            findings.Name($"spec.finalizers[{i}]", finalizers[i] ?? "", NameRules.QualifiedNameErrors);
        }

        findings.OneOf("status.phase", ns.Status?.Phase, "Active", "Terminating");
        return findings.ToResult();
    }

    public static ValidationResult ValidateEvent(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var findings = new ValidationFindings();
        ValidateObjectMeta(ev.Metadata, "metadata", NameRules.Dns1123SubdomainErrors, namespaced: true, findings);
        if (ev.InvolvedObject is null)
        {
            findings.Add(FieldError.Required("involvedObject"));
        }
        else if (ev.InvolvedObject.Namespace is { Length: > 0 } involvedNamespace &&
            ev.Metadata?.Namespace is { Length: > 0 } eventNamespace &&
            involvedNamespace != eventNamespace)
        {
            findings.Add(FieldError.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
        }

        findings.OneOf("type", ev.Type, "Normal", "Warning");
        findings.NonNegative("count", ev.Count);
        findings.NotImplemented("related", ev.Related);
        findings.NotImplemented("series", ev.Series);
        return findings.ToResult();
    }
}
