using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Resources;

/// <summary>
/// Everything the API and the store need to know about one kind of object: its REST names, JSON, defaults,
/// validation, index entries and which part is spec and which is status.
/// </summary>
public abstract class ResourceKind
{
    protected ResourceKind(string group, string version, string plural, string singular, string kind, bool namespaced, IReadOnlyList<string> shortNames)
    {
        Group = group;
        Version = version;
        Plural = plural;
        Singular = singular;
        Kind = kind;
        Namespaced = namespaced;
        ShortNames = shortNames;
    }

    public string Group { get; }

    public string Version { get; }

    public string Plural { get; }

    public string Singular { get; }

    public string Kind { get; }

    public bool Namespaced { get; }

    public IReadOnlyList<string> ShortNames { get; }

    /// <summary>Fields usable in a <c>fieldSelector</c>.</summary>
    public abstract IReadOnlySet<string> FieldSelectors { get; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The resource name as Kubernetes prints it in messages and as the store keys it: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public abstract bool HasStatus { get; }

    public abstract KubeObject Deserialize(ReadOnlySpan<byte> json);

    public abstract byte[] Serialize(KubeObject value);

    public abstract JsonObject ToNode(KubeObject value);

    public abstract byte[] SerializeList(IEnumerable<KubeObject> items, ListMeta metadata);

    public abstract void ApplyDefaults(KubeObject value);

    public abstract ValidationResult Validate(KubeObject value);

    public abstract ValidationResult ValidateUpdate(KubeObject old, KubeObject updated);

    /// <summary>Secondary keys the object is listed under (for example a pod under its node).</summary>
    public abstract IReadOnlyList<IndexEntry> Indexes(KubeObject value);

    /// <summary>The JSON of the spec, compared to decide whether <c>metadata.generation</c> moves.</summary>
    public abstract string SpecFingerprint(KubeObject value);

    /// <summary>Takes the status of <paramref name="from"/> into <paramref name="to"/>.</summary>
    public abstract void CopyStatus(KubeObject from, KubeObject to);

    /// <summary>Takes everything but the status (spec, labels, annotations) of <paramref name="from"/> into <paramref name="to"/>.</summary>
    public abstract void CopySpec(KubeObject from, KubeObject to);

    /// <summary>Resets what a client may not set on create (status starts empty or at its initial phase).</summary>
    public abstract void PrepareForCreate(KubeObject value);

    /// <summary>The value of a field usable in a field selector.</summary>
    public abstract string? FieldValue(KubeObject value, string field);
}
