using System.Net;
using System.Text.Json.Nodes;

namespace Orchestrator.Server.Tests.Infrastructure;

/// <summary>Assertions on the Kubernetes <c>Status</c> body of an error answer.</summary>
internal static class KubeStatus
{
    /// <summary>Asserts the HTTP code and a <c>Status</c> body with the same code and <paramref name="reason"/>; returns the body.</summary>
    public static async Task<JsonObject> ExpectStatusAsync(this HttpResponseMessage response, HttpStatusCode code, string reason)
    {
        var status = await response.ExpectAsync(code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("v1", (string?)status["apiVersion"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal((int)code, (int?)status["code"]);
        Assert.Equal(reason, (string?)status["reason"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)status["message"]), "a Status names the problem in its message");
        return status;
    }

    /// <summary>The <c>details.causes[].field</c> of a Status.</summary>
    public static List<string?> CauseFields(this JsonObject status) =>
        [.. status["details"]?["causes"]?.AsArray().Select(c => (string?)c?["field"]) ?? []];
}
