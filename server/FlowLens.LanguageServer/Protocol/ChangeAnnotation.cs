using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ChangeAnnotation(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("needsConfirmation")] bool NeedsConfirmation,
    [property: JsonPropertyName("description")] string? Description);
