using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Tests.Validation;

internal static class ValidationAssert
{
    /// <summary>Asserts exactly one error at <paramref name="path"/>, of <paramref name="type"/>, and returns it.</summary>
    public static FieldError SingleError(ValidationResult result, string path, FieldErrorType type)
    {
        var atPath = result.Errors.Where(e => e.Path == path).ToList();
        Assert.True(atPath.Count == 1, $"expected one error at {path}, got: {Describe(result)}");
        Assert.Equal(type, atPath[0].Type);
        return atPath[0];
    }

    /// <summary>Asserts that the only errors are at <paramref name="path"/>, and returns the first.</summary>
    public static FieldError OnlyError(ValidationResult result, string path, FieldErrorType type)
    {
        Assert.True(result.Errors.Count == 1, $"expected exactly one error, got: {Describe(result)}");
        return SingleError(result, path, type);
    }

    public static void NoErrors(ValidationResult result) =>
        Assert.True(result.IsValid, "expected no errors, got: " + Describe(result));

    private static string Describe(ValidationResult result) => result.Errors.Count == 0 ? "(none)" : string.Join(" | ", result.Errors);
}
