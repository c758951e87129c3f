namespace Orchestrator.Core.Channels;

/// <summary>
/// Asks a node's agent for the log of one container, with the Kubernetes <c>pods/log</c> parameters. The agent
/// uploads the lines to <see cref="UploadUrl"/>, a URL that can only create that one answer and expires at
/// <see cref="ExpiresOn"/>; a request found after that is worthless and dropped.
/// </summary>
/// <param name="Tenant">The pod's tenant.</param>
/// <param name="NodeName">The node that runs the pod.</param>
/// <param name="RequestId">Unique id of the request, for logs.</param>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="PodName">The pod's name.</param>
/// <param name="PodUid">The pod's uid: the agent answers only for this incarnation of the pod.</param>
/// <param name="Container">The container's name (resolved by the API when the pod has one container).</param>
/// <param name="TailLines">When set, only the last this many lines.</param>
/// <param name="SinceSeconds">When set, only lines written in the last this many seconds.</param>
/// <param name="Timestamps">Prefix every line with its RFC 3339 time.</param>
/// <param name="Previous">The log of the container's previous run instead of the current one.</param>
/// <param name="UploadUrl">
/// Where to upload: an absolute write-only SAS URL of a blob (a credential, never logged), or a path relative to the
/// control plane's URL that the agent puts to with its node credential (the standalone server).
/// </param>
/// <param name="ExpiresOn">When <see cref="UploadUrl"/> stops working.</param>
public sealed record LogRequest(
    string Tenant,
    string NodeName,
    string RequestId,
    string Namespace,
    string PodName,
    string PodUid,
    string Container,
    long? TailLines,
    long? SinceSeconds,
    bool Timestamps,
    bool Previous,
    string UploadUrl,
    DateTimeOffset ExpiresOn) : NodeMessage
{
    /// <summary>The <c>kind</c> this message carries on the wire.</summary>
    public const string WireKind = "logRequest";

    /// <summary>Always <see cref="WireKind"/>: tells the receiver what the message is (a message without it is a nudge).</summary>
    public string Kind => WireKind;
}
