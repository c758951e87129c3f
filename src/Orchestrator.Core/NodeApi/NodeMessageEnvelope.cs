using System.Text.Json;
using Orchestrator.Core.Channels;

namespace Orchestrator.Core.NodeApi;

/// <summary>One message of a <see cref="NodeMessagesAnswer"/>: its sequence number and its JSON as <see cref="NodeMessageCodec"/> writes it.</summary>
public sealed record NodeMessageEnvelope(long Seq, JsonElement Message);
