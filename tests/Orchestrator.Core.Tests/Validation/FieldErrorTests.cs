using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Tests.Validation;

public sealed class FieldErrorTests
{
    [Fact]
    public void ToString_InvalidNumber_IsUnquoted()
    {
        var error = FieldError.Invalid("spec.replicas", -1, "must be greater than or equal to 0");

        Assert.Equal("spec.replicas: Invalid value: -1: must be greater than or equal to 0", error.ToString());
        Assert.Equal("FieldValueInvalid", error.CauseReason);
    }

    [Fact]
    public void ToString_Required_HasNoValue()
    {
        var error = FieldError.Required("metadata.name", "name or generateName is required");

        Assert.Equal("metadata.name: Required value: name or generateName is required", error.ToString());
        Assert.Equal("FieldValueRequired", error.CauseReason);
    }

    [Fact]
    public void ToString_NotSupported_QuotesValueAndListsSupported()
    {
        var error = FieldError.NotSupported("spec.template.spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]);

        Assert.Equal(
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            error.ToString());
        Assert.Equal("FieldValueNotSupported", error.CauseReason);
    }

    [Fact]
    public void ToString_Duplicate_QuotesValue()
    {
        var error = FieldError.Duplicate("spec.template.spec.containers[1].name", "web");

        Assert.Equal("spec.template.spec.containers[1].name: Duplicate value: \"web\"", error.ToString());
        Assert.Equal("FieldValueDuplicate", error.CauseReason);
    }

    [Fact]
    public void ToString_InvalidStringWithQuote_EscapesIt()
    {
        Assert.Equal("a: Invalid value: \"x\\\"y\": bad", FieldError.Invalid("a", "x\"y", "bad").ToString());
    }

    [Theory]
    [InlineData(FieldErrorType.Forbidden, "FieldValueForbidden")]
    [InlineData(FieldErrorType.TooLong, "FieldValueTooLong")]
    [InlineData(FieldErrorType.TooMany, "FieldValueTooMany")]
    public void CauseReason_Type_MapsToKubernetesReason(FieldErrorType type, string expected)
    {
        Assert.Equal(expected, new FieldError("x", type, null, "").CauseReason);
    }

    [Fact]
    public void ToString_ForbiddenAndTooLong_UseKubernetesWording()
    {
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type", FieldError.Forbidden("metadata.namespace", "not allowed on this type").ToString());
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", FieldError.TooLong("metadata.annotations", 262144).ToString());
    }
}
