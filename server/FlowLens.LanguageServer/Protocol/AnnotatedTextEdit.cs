using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record AnnotatedTextEdit(
    [property: JsonPropertyName("range")] Range Range,
    [property: JsonPropertyName("newText")] string NewText,
    [property: JsonPropertyName("annotationId")] string? AnnotationId);
