using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>LSP position: zero-based line and UTF-16 code unit offset.</summary>
internal sealed record Position(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("character")] int Character);
