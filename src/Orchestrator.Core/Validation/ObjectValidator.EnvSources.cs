using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

/// <summary>Where an env var's value comes from: the pod fields the agent resolves, with Kubernetes' wording.</summary>
public static partial class ObjectValidator
{
    /// <summary>The <c>fieldRef.fieldPath</c> values the agent resolves (Kubernetes' list for env, less labels, annotations and service accounts).</summary>
    private static readonly string[] EnvFieldPaths =
        ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "status.podIP", "status.hostIP"];

    private static void ValidateEnvSource(EnvVarSource source, string path, ValidationFindings findings)
    {
        if (source.FieldRef is not { } fieldRef)
        {
            return;
        }

        var fieldRefPath = path + ".fieldRef";
        if (!string.IsNullOrEmpty(fieldRef.ApiVersion) && fieldRef.ApiVersion != "v1")
        {
            findings.Add(FieldError.NotSupported(fieldRefPath + ".apiVersion", fieldRef.ApiVersion, ["v1"]));
        }

        if (string.IsNullOrEmpty(fieldRef.FieldPath))
        {
            findings.Add(FieldError.Required(fieldRefPath + ".fieldPath"));
        }
        else if (!EnvFieldPaths.Contains(fieldRef.FieldPath, StringComparer.Ordinal))
        {
            findings.Add(FieldError.NotSupported(fieldRefPath + ".fieldPath", fieldRef.FieldPath, EnvFieldPaths));
        }
    }
}
