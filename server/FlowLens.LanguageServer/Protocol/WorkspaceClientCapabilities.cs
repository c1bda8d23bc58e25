using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WorkspaceClientCapabilities(
    [property: JsonPropertyName("applyEdit")] bool? ApplyEdit,
    [property: JsonPropertyName("configuration")] bool? Configuration,
    [property: JsonPropertyName("workspaceEdit")] WorkspaceEditClientCapabilities? WorkspaceEdit,
    [property: JsonPropertyName("codeLens")] CodeLensWorkspaceClientCapabilities? CodeLens);
