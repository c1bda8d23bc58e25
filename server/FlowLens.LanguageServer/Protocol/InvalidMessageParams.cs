using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>What the frame guard passes on in place of a message that was not JSON-RPC.</summary>
internal sealed record InvalidMessageParams([property: JsonPropertyName("reason")] string? Reason);
