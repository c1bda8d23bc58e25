using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record TextDocumentEdit(
    [property: JsonPropertyName("textDocument")] VersionedTextDocumentIdentifier TextDocument,
    [property: JsonPropertyName("edits")] IReadOnlyList<AnnotatedTextEdit> Edits);
