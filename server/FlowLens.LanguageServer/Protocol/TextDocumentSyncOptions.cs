using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary><see cref="Change"/> is a TextDocumentSyncKind: 2 is incremental.</summary>
internal sealed record TextDocumentSyncOptions(
    [property: JsonPropertyName("openClose")] bool OpenClose,
    [property: JsonPropertyName("change")] int Change,
    [property: JsonPropertyName("save")] SaveOptions Save);
