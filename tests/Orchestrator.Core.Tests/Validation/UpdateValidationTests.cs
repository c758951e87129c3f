using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.ValidationAssert;

namespace Orchestrator.Core.Tests.Validation;

public sealed class UpdateValidationTests
{
    [Fact]
    public void ValidateDeploymentUpdate_ImageAndReplicasChange_IsValid()
    {
        var old = ValidObjects.Deployment();
        var updated = ValidObjects.Deployment();
        updated.Spec!.Replicas = 10;
        updated.Spec.Template!.Spec!.Containers![0].Image = "nginx:1.28";

        NoErrors(ObjectValidator.ValidateDeploymentUpdate(old, updated));
    }

    [Fact]
    public void ValidateDeploymentUpdate_SelectorChange_IsImmutable()
    {
        var old = ValidObjects.Deployment();
        var updated = ValidObjects.Deployment();
        updated.Spec!.Selector!.MatchLabels!["tier"] = "frontend";

        var error = OnlyError(ObjectValidator.ValidateDeploymentUpdate(old, updated), "spec.selector", FieldErrorType.Invalid);
        Assert.Equal("field is immutable", error.Detail);
    }

    [Fact]
    public void ValidateDeploymentUpdate_SameSelectorOtherKeyOrder_IsValid()
    {
        var old = ValidObjects.Deployment();
        old.Spec!.Selector!.MatchLabels = new() { ["app"] = "web", ["tier"] = "frontend" };
        var updated = ValidObjects.Deployment();
        updated.Spec!.Selector!.MatchLabels = new() { ["tier"] = "frontend", ["app"] = "web" };

        NoErrors(ObjectValidator.ValidateDeploymentUpdate(old, updated));
    }

    [Fact]
    public void ValidateDeploymentUpdate_Rename_IsImmutable()
    {
        var old = ValidObjects.Deployment();
        var updated = ValidObjects.Deployment();
        updated.Metadata.Name = "web2";

        OnlyError(ObjectValidator.ValidateDeploymentUpdate(old, updated), "metadata.name", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateReplicaSetUpdate_SelectorChangeAndNamespaceMove_AreImmutable()
    {
        var old = ValidObjects.ReplicaSet();
        var updated = ValidObjects.ReplicaSet();
        updated.Metadata.Namespace = "other";
        updated.Spec!.Selector!.MatchLabels!.Remove("pod-template-hash");

        var result = ObjectValidator.ValidateReplicaSetUpdate(old, updated);

        Assert.Equal(2, result.Errors.Count);
        SingleError(result, "metadata.namespace", FieldErrorType.Invalid);
        SingleError(result, "spec.selector", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateReplicaSetUpdate_ScaleOnly_IsValid()
    {
        var old = ValidObjects.ReplicaSet();
        var updated = ValidObjects.ReplicaSet();
        updated.Spec!.Replicas = 0;

        NoErrors(ObjectValidator.ValidateReplicaSetUpdate(old, updated));
    }

    [Fact]
    public void ValidatePodUpdate_ImageAndLabels_MayChange()
    {
        var old = ValidObjects.Pod();
        var updated = ValidObjects.Pod();
        updated.Spec!.Containers![0].Image = "nginx:1.28";
        updated.Metadata.Labels!["canary"] = "true";

        NoErrors(ObjectValidator.ValidatePodUpdate(old, updated));
    }

    [Fact]
    public void ValidatePodUpdate_EnvChange_IsForbidden()
    {
        var old = ValidObjects.Pod();
        var updated = ValidObjects.Pod();
        updated.Spec!.Containers![0].Env![0].Value = "dev";

        var error = OnlyError(ObjectValidator.ValidatePodUpdate(old, updated), "spec", FieldErrorType.Forbidden);
        Assert.StartsWith("pod updates may not change fields other than `spec.containers[*].image`", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePodUpdate_AddedContainer_IsForbidden()
    {
        var old = ValidObjects.Pod();
        var updated = ValidObjects.Pod();
        updated.Spec!.Containers!.Add(new Container { Name = "sidecar", Image = "envoy" });

        OnlyError(ObjectValidator.ValidatePodUpdate(old, updated), "spec", FieldErrorType.Forbidden);
    }

    [Fact]
    public void ValidatePodUpdate_NodeNameChange_IsForbidden()
    {
        var old = ValidObjects.Pod();
        var updated = ValidObjects.Pod();
        updated.Spec!.NodeName = "node-1";

        OnlyError(ObjectValidator.ValidatePodUpdate(old, updated), "spec", FieldErrorType.Forbidden);
    }

    [Fact]
    public void ValidatePodUpdate_AddedToleration_IsAllowed()
    {
        var old = ValidObjects.Pod();
        old.Spec!.Tolerations = [new Toleration { Key = "a", Operator = "Exists" }];
        var updated = ValidObjects.Pod();
        updated.Spec!.Tolerations = [new Toleration { Key = "a", Operator = "Exists" }, new Toleration { Key = "b", Operator = "Exists" }];

        NoErrors(ObjectValidator.ValidatePodUpdate(old, updated));
    }

    [Fact]
    public void ValidatePodUpdate_RemovedToleration_IsForbidden()
    {
        var old = ValidObjects.Pod();
        old.Spec!.Tolerations = [new Toleration { Key = "a", Operator = "Exists" }];
        var updated = ValidObjects.Pod();

        OnlyError(ObjectValidator.ValidatePodUpdate(old, updated), "spec", FieldErrorType.Forbidden);
    }

    [Fact]
    public void ValidatePodUpdate_ActiveDeadlineLoweredOrSet_IsAllowed()
    {
        var old = ValidObjects.Pod();
        var updated = ValidObjects.Pod();
        updated.Spec!.ActiveDeadlineSeconds = Json("60");
        NoErrors(ObjectValidator.ValidatePodUpdate(old, updated));

        old.Spec!.ActiveDeadlineSeconds = Json("120");
        NoErrors(ObjectValidator.ValidatePodUpdate(old, updated));
    }

    [Fact]
    public void ValidatePodUpdate_ActiveDeadlineRaised_IsInvalid()
    {
        var old = ValidObjects.Pod();
        old.Spec!.ActiveDeadlineSeconds = Json("60");
        var updated = ValidObjects.Pod();
        updated.Spec!.ActiveDeadlineSeconds = Json("120");

        var error = OnlyError(ObjectValidator.ValidatePodUpdate(old, updated), "spec.activeDeadlineSeconds", FieldErrorType.Invalid);
        Assert.Equal("must be less than or equal to previous value", error.Detail);
    }

    [Fact]
    public void ValidatePodUpdate_ActiveDeadlineRemoved_IsInvalid()
    {
        var old = ValidObjects.Pod();
        old.Spec!.ActiveDeadlineSeconds = Json("60");
        var updated = ValidObjects.Pod();

        OnlyError(ObjectValidator.ValidatePodUpdate(old, updated), "spec.activeDeadlineSeconds", FieldErrorType.Invalid);
    }

    [Fact]
    public void ValidateDeploymentUpdate_InvalidUpdatedObject_ReportsOnlyTransitionErrors()
    {
        var old = ValidObjects.Deployment();
        var updated = ValidObjects.Deployment();
        updated.Spec!.Replicas = -1;
        updated.Spec.Template!.Spec!.Containers![0].LivenessProbe = new Probe();

        var result = ObjectValidator.ValidateDeploymentUpdate(old, updated);

        NoErrors(result);
        Assert.Empty(result.Warnings);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
