using System.Text;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    /// <summary>Kubernetes' limit on the total size of an object's annotation keys and values.</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    private static void ValidateObjectMeta(
        ObjectMeta? meta, string path, Func<string, IReadOnlyList<string>> nameRule, bool namespaced, ValidationFindings findings)
    {
        if (meta is null)
        {
            findings.Add(FieldError.Required(path));
            return;
        }

        if (string.IsNullOrEmpty(meta.Name) && string.IsNullOrEmpty(meta.GenerateName))
        {
            findings.Add(FieldError.Required(path + ".name", "name or generateName is required"));
        }

        if (!string.IsNullOrEmpty(meta.Name))
        {
            findings.Name(path + ".name", meta.Name, nameRule);
        }

        if (!string.IsNullOrEmpty(meta.GenerateName))
        {
            // A prefix may end in '-': the server appends a random suffix.
            var prefix = meta.GenerateName.EndsWith('-') ? meta.GenerateName[..^1] + "a" : meta.GenerateName;
            foreach (var message in nameRule(prefix))
            {
                findings.Add(FieldError.Invalid(path + ".generateName", meta.GenerateName, message));
            }
        }

        if (namespaced)
        {
            // The API layer fills the namespace from the request path, so only its syntax is checked here.
            if (!string.IsNullOrEmpty(meta.Namespace))
            {
                findings.Name(path + ".namespace", meta.Namespace, NameRules.Dns1123LabelErrors);
            }
        }
        else if (!string.IsNullOrEmpty(meta.Namespace))
        {
            findings.Add(FieldError.Forbidden(path + ".namespace", "not allowed on this type"));
        }

        LabelValidation.ValidateLabels(meta.Labels, path + ".labels", findings.Errors);
        ValidateAnnotations(meta.Annotations, path + ".annotations", findings);
        findings.NonNegative(path + ".generation", meta.Generation);
        ValidateOwnerReferences(meta.OwnerReferences, path + ".ownerReferences", findings);
        findings.NotImplemented(path + ".managedFields", meta.ManagedFields);
    }

    /// <summary>The part of <c>ObjectMeta</c> a pod template may carry: labels and annotations.</summary>
    private static void ValidateTemplateMeta(ObjectMeta? meta, string path, ValidationFindings findings)
    {
        if (meta is null)
        {
            return;
        }

        LabelValidation.ValidateLabels(meta.Labels, path + ".labels", findings.Errors);
        ValidateAnnotations(meta.Annotations, path + ".annotations", findings);
        findings.NotImplemented(path + ".managedFields", meta.ManagedFields);
    }

    private static void ValidateAnnotations(Dictionary<string, string>? annotations, string path, ValidationFindings findings)
    {
        if (annotations is null)
        {
            return;
        }

        long totalBytes = 0;
        foreach (var (key, value) in annotations)
        {
            // Kubernetes lower-cases annotation keys before checking them.
            foreach (var message in NameRules.QualifiedNameErrors(key.ToLowerInvariant()))
            {
                findings.Add(FieldError.Invalid(path, key, message));
            }

            totalBytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value ?? "");
        }

        if (totalBytes > TotalAnnotationSizeLimitBytes)
        {
            findings.Add(FieldError.TooLong(path, TotalAnnotationSizeLimitBytes));
        }
    }

    private static void ValidateOwnerReferences(List<OwnerReference>? references, string path, ValidationFindings findings)
    {
        for (var i = 0; i < (references?.Count ?? 0); i++)
        {
            var reference = references![i];
            var itemPath = $"{path}[{i}]";
            if (reference is null)
            {
                findings.Add(FieldError.Required(itemPath));
                continue;
            }

            if (string.IsNullOrEmpty(reference.ApiVersion))
            {
                findings.Add(FieldError.Invalid(itemPath + ".apiVersion", reference.ApiVersion ?? "", "version must not be empty"));
            }

            if (string.IsNullOrEmpty(reference.Kind))
            {
                findings.Add(FieldError.Invalid(itemPath + ".kind", reference.Kind ?? "", "kind must not be empty"));
            }

            if (string.IsNullOrEmpty(reference.Name))
            {
                findings.Add(FieldError.Invalid(itemPath + ".name", reference.Name ?? "", "name must not be empty"));
            }

            if (string.IsNullOrEmpty(reference.Uid))
            {
                findings.Add(FieldError.Invalid(itemPath + ".uid", reference.Uid ?? "", "uid must not be empty"));
            }
        }

        if (references?.Count(static r => r?.Controller == true) > 1)
        {
            findings.Add(FieldError.Invalid(path, (string?)null, "Only one reference can have Controller set to true"));
        }
    }
}
