using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record DidSaveTextDocumentParams(
    [property: JsonPropertyName("textDocument")] TextDocumentIdentifier TextDocument,
    [property: JsonPropertyName("text")] string? Text);
