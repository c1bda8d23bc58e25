using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record DidOpenTextDocumentParams([property: JsonPropertyName("textDocument")] TextDocumentItem TextDocument);
