using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record DidCloseTextDocumentParams([property: JsonPropertyName("textDocument")] TextDocumentIdentifier TextDocument);
