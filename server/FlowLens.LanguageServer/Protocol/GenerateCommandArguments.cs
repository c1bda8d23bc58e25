using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The single argument of <c>flowlens.server.generate</c>.</summary>
internal sealed record GenerateCommandArguments(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("selection")] Range? Selection);
