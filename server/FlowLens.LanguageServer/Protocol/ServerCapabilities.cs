using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ServerCapabilities(
    [property: JsonPropertyName("textDocumentSync")] TextDocumentSyncOptions TextDocumentSync,
    [property: JsonPropertyName("codeLensProvider")] CodeLensOptions CodeLensProvider,
    [property: JsonPropertyName("executeCommandProvider")] ExecuteCommandOptions ExecuteCommandProvider);
