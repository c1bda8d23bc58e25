using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>Only the client capabilities the server acts on; everything else is ignored when read.</summary>
internal sealed record ClientCapabilities(
    [property: JsonPropertyName("workspace")] WorkspaceClientCapabilities? Workspace,
    [property: JsonPropertyName("window")] WindowClientCapabilities? Window);
