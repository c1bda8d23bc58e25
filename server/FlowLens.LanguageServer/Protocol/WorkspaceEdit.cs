using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WorkspaceEdit(
    [property: JsonPropertyName("documentChanges")] IReadOnlyList<TextDocumentEdit> DocumentChanges,
    [property: JsonPropertyName("changeAnnotations")] IReadOnlyDictionary<string, ChangeAnnotation>? ChangeAnnotations);
