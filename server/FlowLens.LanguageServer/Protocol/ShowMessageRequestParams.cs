using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary><c>window/showMessageRequest</c>: a message with buttons; the client answers with the one chosen, or null.</summary>
internal sealed record ShowMessageRequestParams(
    [property: JsonPropertyName("type")] MessageType Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("actions")] IReadOnlyList<MessageActionItem> Actions);
