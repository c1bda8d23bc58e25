using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record CodeLensParams([property: JsonPropertyName("textDocument")] TextDocumentIdentifier TextDocument);
