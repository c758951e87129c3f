using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Api;

namespace Orchestrator.ControlPlane.Tests.Api;

public sealed class JsonMergePatchTests
{
    /// <summary>The examples of RFC 7386, appendix A: target, patch, result.</summary>
    public static TheoryData<string, string, string> Rfc7386Examples => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", """null""", """null""" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { """[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { """{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(Rfc7386Examples))]
    public void Apply_Rfc7386Example_GivesTheRfcResult(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        AssertJson(expected, result);
    }

    [Fact]
    public void Apply_NestedObject_MergesKeepingSiblingsAtEveryLevel()
    {
        var target = JsonNode.Parse("""{"metadata":{"name":"web","labels":{"app":"web","tier":"front"}},"spec":{"replicas":1}}""");

        var result = JsonMergePatch.Apply(target, JsonNode.Parse("""{"metadata":{"labels":{"tier":"back"}}}"""));

        AssertJson("""{"metadata":{"name":"web","labels":{"app":"web","tier":"back"}},"spec":{"replicas":1}}""", result);
    }

    [Fact]
    public void Apply_NullForAField_RemovesOnlyThatField()
    {
        var target = JsonNode.Parse("""{"metadata":{"labels":{"app":"web","tier":"front"}}}""");

        var result = JsonMergePatch.Apply(target, JsonNode.Parse("""{"metadata":{"labels":{"tier":null}}}"""));

        AssertJson("""{"metadata":{"labels":{"app":"web"}}}""", result);
    }

    [Fact]
    public void Apply_Array_ReplacesTheWholeArray()
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}""");

        var result = JsonMergePatch.Apply(target, JsonNode.Parse("""{"spec":{"containers":[{"name":"c"}]}}"""));

        AssertJson("""{"spec":{"containers":[{"name":"c"}]}}""", result);
    }

    [Fact]
    public void Apply_NonObjectPatch_ReplacesTheTarget()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":{"b":1}}"""), JsonNode.Parse("42"));

        AssertJson("42", result);
    }

    [Fact]
    public void Apply_NewObjectWithNulls_DropsTheNulls()
    {
        var target = JsonNode.Parse("""{"spec":{}}""");

        var result = JsonMergePatch.Apply(target, JsonNode.Parse("""{"spec":{"template":{"image":"web:2","command":null,"env":{"A":null,"B":"b"}}}}"""));

        AssertJson("""{"spec":{"template":{"image":"web:2","env":{"B":"b"}}}}""", result);
    }

    [Fact]
    public void Apply_PatchValues_AreCopiedNotMoved()
    {
        var patch = JsonNode.Parse("""{"a":{"b":[1,2]},"c":"d"}""");

        var result = JsonMergePatch.Apply(JsonNode.Parse("{}"), patch);

        AssertJson("""{"a":{"b":[1,2]},"c":"d"}""", result);
        AssertJson("""{"a":{"b":[1,2]},"c":"d"}""", patch);
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"Expected {expected} but got {actual?.ToJsonString() ?? "null"}.");
}
