using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Resources;

/// <summary>A <see cref="ResourceKind"/> for one object type, described by delegates.</summary>
public sealed class ResourceKind<T> : ResourceKind
    where T : KubeObject
{
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly JsonTypeInfo<KubeList<T>> _listTypeInfo;
    private HashSet<string>? _fieldSelectors;

    public ResourceKind(string group, string version, string plural, string singular, string kind, bool namespaced, IReadOnlyList<string> shortNames, JsonTypeInfo<T> typeInfo, JsonTypeInfo<KubeList<T>> listTypeInfo)
        : base(group, version, plural, singular, kind, namespaced, shortNames)
    {
        _typeInfo = typeInfo;
        _listTypeInfo = listTypeInfo;
    }

    public Action<T> Defaults { get; init; } = _ => { };

    public Func<T, ValidationResult> Validator { get; init; } = _ => new ValidationResult([], []);

    public Func<T, T, ValidationResult> UpdateValidator { get; init; } = (_, _) => new ValidationResult([], []);

    public Func<T, IReadOnlyList<IndexEntry>> IndexEntries { get; init; } = _ => [];

    public Func<T, object?> Spec { get; init; } = _ => null;

    public Action<T, T>? StatusCopier { get; init; }

    public Action<T, T> SpecCopier { get; init; } = (_, _) => { };

    public Action<T> CreatePreparation { get; init; } = _ => { };

    public IReadOnlyDictionary<string, Func<T, string?>> ExtraFields { get; init; } = new Dictionary<string, Func<T, string?>>();

    public override bool HasStatus => StatusCopier is not null;

    public override KubeObject Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, _typeInfo) ?? throw new JsonException("the body must be a JSON object");

    public T Read(ReadOnlySpan<byte> json) => (T)Deserialize(json);

    public override byte[] Serialize(KubeObject value) => JsonSerializer.SerializeToUtf8Bytes((T)value, _typeInfo);

    public override JsonObject ToNode(KubeObject value) => JsonSerializer.SerializeToNode((T)value, _typeInfo)!.AsObject();

    public T Clone(T value) => Read(Serialize(value));

    public override byte[] SerializeList(IEnumerable<KubeObject> items, ListMeta metadata) =>
        JsonSerializer.SerializeToUtf8Bytes(new KubeList<T> { ApiVersion = ApiVersion, Kind = Kind + "List", Metadata = metadata, Items = [.. items.Cast<T>()] }, _listTypeInfo);

    public override void ApplyDefaults(KubeObject value) => Defaults((T)value);

    public override ValidationResult Validate(KubeObject value) => Validator((T)value);

    public override ValidationResult ValidateUpdate(KubeObject old, KubeObject updated) => UpdateValidator((T)old, (T)updated);

    public override IReadOnlyList<IndexEntry> Indexes(KubeObject value) => IndexEntries((T)value);

    public override string SpecFingerprint(KubeObject value) =>
        Spec((T)value) is { } spec ? JsonSerializer.Serialize(spec, _typeInfo.Options.GetTypeInfo(spec.GetType())) : "";

    public override void CopyStatus(KubeObject from, KubeObject to) => StatusCopier?.Invoke((T)from, (T)to);

    public override void CopySpec(KubeObject from, KubeObject to)
    {
        SpecCopier((T)from, (T)to);
        to.Metadata.Labels = from.Metadata.Labels;
        to.Metadata.Annotations = from.Metadata.Annotations;
        to.Metadata.OwnerReferences = from.Metadata.OwnerReferences;
        to.Metadata.Finalizers = from.Metadata.Finalizers;
    }

    public override void PrepareForCreate(KubeObject value) => CreatePreparation((T)value);

    public override string? FieldValue(KubeObject value, string field) => field switch
    {
        "metadata.name" => value.Metadata.Name,
        "metadata.namespace" => value.Metadata.Namespace,
        _ => ExtraFields.TryGetValue(field, out var get) ? get((T)value) : null,
    };

    /// <summary>Field selectors: the metadata ones plus <see cref="ExtraFields"/>.</summary>
    public override IReadOnlySet<string> FieldSelectors => _fieldSelectors ??= Namespaced
        ? ["metadata.name", "metadata.namespace", .. ExtraFields.Keys]
        : ["metadata.name", .. ExtraFields.Keys];
}
