using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class ClusterObjectValidationTests
{
    [Fact]
    public void ValidateNode_Valid_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidateNode(ValidObjects.Node()));
    }

    [Fact]
    public void ValidateNode_WithNamespace_IsForbidden()
    {
        var node = ValidObjects.Node();
        node.Metadata.Namespace = "default";

        var error = OnlyError(ObjectValidator.ValidateNode(node), "metadata.namespace", FieldErrorType.Forbidden);
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type", error.ToString());
    }

    [Fact]
    public void ValidateNode_UnknownTaintEffect_IsNotSupported()
    {
        var node = ValidObjects.Node();
        node.Spec!.Taints![0].Effect = "NoRun";

        var error = OnlyError(ObjectValidator.ValidateNode(node), "spec.taints[0].effect", FieldErrorType.NotSupported);
        Assert.Equal("supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"", error.Detail);
    }

    [Fact]
    public void ValidateNode_TaintWithoutEffect_RequiresEffect()
    {
        var node = ValidObjects.Node();
        node.Spec!.Taints![0].Effect = null;

        OnlyError(ObjectValidator.ValidateNode(node), "spec.taints[0].effect", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateNode_TaintKeyNotALabelKey_IsInvalid()
    {
        var node = ValidObjects.Node();
        node.Spec!.Taints![0].Key = "bad key";

        OnlyError(ObjectValidator.ValidateNode(node), "spec.taints[0].key", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateNode_DuplicateTaint_IsDuplicate()
    {
        var node = ValidObjects.Node();
        node.Spec!.Taints!.Add(new Taint { Key = "dedicated", Value = "other", Effect = "NoSchedule" });

        OnlyError(ObjectValidator.ValidateNode(node), "spec.taints[1]", FieldErrorType.Duplicate);
    }

    [Fact]
    public void ValidateNode_InvalidCapacity_IsInvalid()
    {
        var node = ValidObjects.Node();
        node.Status = new NodeStatus { Capacity = new() { ["cpu"] = new Quantity("four") } };

        OnlyError(ObjectValidator.ValidateNode(node), "status.capacity[cpu]", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateNamespace_Valid_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidateNamespace(ValidObjects.Namespace()));
    }

    [Theory]
    [InlineData("team.a")]
    [InlineData("Team")]
    public void ValidateNamespace_NameNotDnsLabel_IsInvalid(string name)
    {
        var ns = ValidObjects.Namespace();
        ns.Metadata.Name = name;

        var error = OnlyError(ObjectValidator.ValidateNamespace(ns), "metadata.name", FieldErrorType.Invalid);
        Assert.StartsWith("a lowercase RFC 1123 label must consist", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateNamespace_UnknownPhase_IsNotSupported()
    {
        var ns = ValidObjects.Namespace();
        ns.Status = new NamespaceStatus { Phase = "Sleeping" };

        OnlyError(ObjectValidator.ValidateNamespace(ns), "status.phase", FieldErrorType.NotSupported);
    }

    [Fact]
    public void ValidateEvent_Valid_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidateEvent(ValidObjects.Event()));
    }

    [Fact]
    public void ValidateEvent_NoInvolvedObject_RequiresIt()
    {
        var ev = ValidObjects.Event();
        ev.InvolvedObject = null;

        OnlyError(ObjectValidator.ValidateEvent(ev), "involvedObject", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateEvent_InvolvedObjectInOtherNamespace_IsInvalid()
    {
        var ev = ValidObjects.Event();
        ev.InvolvedObject!.Namespace = "other";

        OnlyError(ObjectValidator.ValidateEvent(ev), "involvedObject.namespace", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateEvent_UnknownType_IsNotSupported()
    {
        var ev = ValidObjects.Event();
        ev.Type = "Error";

        OnlyError(ObjectValidator.ValidateEvent(ev), "type", FieldErrorType.NotSupported);
    }
}
