using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class ReplicaSetValidationTests
{
    private static ValidationResult Validate(Action<ReplicaSetSpec> change)
    {
        var replicaSet = ValidObjects.ReplicaSet();
        change(replicaSet.Spec!);
        return ObjectValidator.ValidateReplicaSet(replicaSet);
    }

    [Fact]
    public void ValidateReplicaSet_Valid_HasNoErrors()
    {
        NoErrors(ObjectValidator.ValidateReplicaSet(ValidObjects.ReplicaSet()));
    }

    [Fact]
    public void ValidateReplicaSet_NegativeReplicas_IsInvalid()
    {
        OnlyError(Validate(s => s.Replicas = -3), "spec.replicas", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateReplicaSet_NegativeMinReadySeconds_IsInvalid()
    {
        OnlyError(Validate(s => s.MinReadySeconds = -1), "spec.minReadySeconds", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateReplicaSet_NoSelector_RequiresSelector()
    {
        OnlyError(Validate(s => s.Selector = null), "spec.selector", FieldErrorType.Required);
    }

    [Fact]
    public void ValidateReplicaSet_EmptySelector_IsInvalid()
    {
        OnlyError(Validate(s => s.Selector = new LabelSelector { MatchLabels = [] }), "spec.selector", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateReplicaSet_SelectorNotMatchingTemplate_ErrorsAtTemplateLabels()
    {
        OnlyError(Validate(s => s.Template!.Metadata!.Labels!.Remove("pod-template-hash")), "spec.template.metadata.labels", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateReplicaSet_TemplateRestartNever_IsNotSupported()
    {
        OnlyError(Validate(s => s.Template!.Spec!.RestartPolicy = "Never"), "spec.template.spec.restartPolicy", FieldErrorType.NotSupported);
    }

    [Fact]
    public void ValidateReplicaSet_TemplateWithoutContainers_RequiresContainers()
    {
        OnlyError(Validate(s => s.Template!.Spec!.Containers!.Clear()), "spec.template.spec.containers", FieldErrorType.Required);
    }
}
