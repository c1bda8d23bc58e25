using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record CapabilityDetailsResult(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("markdown")] string Markdown);
