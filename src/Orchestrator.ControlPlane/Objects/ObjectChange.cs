using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>A committed change: the object before (null on create) and after (null on delete).</summary>
public sealed record ObjectChange(string Tenant, ResourceKind Kind, KubeObject? Old, KubeObject? New)
{
    public KubeObject Current => New ?? Old!;
}
