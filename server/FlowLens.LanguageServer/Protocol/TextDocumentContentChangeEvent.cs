using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>An incremental change when <see cref="Range"/> is set, otherwise the document's full new text.</summary>
internal sealed record TextDocumentContentChangeEvent(
    [property: JsonPropertyName("range")] Range? Range,
    [property: JsonPropertyName("text")] string Text);
