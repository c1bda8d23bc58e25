using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>One button of <c>window/showMessageRequest</c>, and the client's answer.</summary>
internal sealed record MessageActionItem([property: JsonPropertyName("title")] string Title);
