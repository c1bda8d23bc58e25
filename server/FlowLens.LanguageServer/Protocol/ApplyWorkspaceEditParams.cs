using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ApplyWorkspaceEditParams(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("edit")] WorkspaceEdit Edit);
