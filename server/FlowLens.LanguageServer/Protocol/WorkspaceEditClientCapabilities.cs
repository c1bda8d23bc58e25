using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WorkspaceEditClientCapabilities(
    [property: JsonPropertyName("documentChanges")] bool? DocumentChanges,
    [property: JsonPropertyName("changeAnnotationSupport")] ChangeAnnotationSupport? ChangeAnnotationSupport);
