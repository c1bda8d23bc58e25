using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record TextDocumentIdentifier([property: JsonPropertyName("uri")] string Uri);
