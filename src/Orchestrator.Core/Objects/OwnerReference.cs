namespace Orchestrator.Core.Objects;

/// <summary>Points from a dependent object to the object that owns it (for cascading deletion).</summary>
public sealed class OwnerReference
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Uid { get; set; }

    public bool? Controller { get; set; }

    public bool? BlockOwnerDeletion { get; set; }

    /// <summary>The reference a controller puts on what it creates: controller, and blocking the owner's deletion.</summary>
    public static OwnerReference ControlledBy(string apiVersion, string kind, ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
